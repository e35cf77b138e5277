import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { portalDb } from "./support/portal-db";
import { signedInPage } from "./support/sign-in";
import { sim, simControl } from "./support/simulator";

// Microsoft's notifications, end to end: the simulator (Microsoft) delivers signed webhooks to the running
// portal (`npm start`), and staff see each delivery in the admin inbox.

/** The inbox row of the subscription's delivery of `action`, once it shows `status` (the page is reloaded until then). */
async function expectDelivery(page: Page, action: string, status: string, timeout = 20_000) {
  const row = page.getByRole("row").filter({ has: page.getByText(action, { exact: true }) });
  await expect(async () => {
    await page.reload();
    await expect(row.getByText(status, { exact: true })).toBeVisible({ timeout: 500 });
  }).toPass({ timeout });
  return row;
}

test("a customer's purchase and plan change at Microsoft reach the portal and show in the webhook inbox", async ({
  browser,
}) => {
  // An auto-activation plan: Microsoft announces the purchase with a Subscribe webhook, no landing page.
  const { subscriptionId } = await sim.purchase({ personaId: "alice", planId: "auto" });
  await expect
    .poll(async () => (await portalDb.subscription(subscriptionId))?.status, { timeout: 20_000 })
    .toBe("Subscribed");
  await sim.event(subscriptionId, "change-plan", { planId: "basic" });
  // The portal's policy accepts it (PATCH Success): Microsoft changes the plan at once, not after its 10 s window.
  await expect.poll(async () => (await sim.subscription(subscriptionId)).planId, { timeout: 8_000 }).toBe("basic");

  const page = await signedInPage(browser, "Olivia Owens", `/admin/webhooks?subscription=${subscriptionId}`);
  await expect(page.getByRole("heading", { name: "Webhook inbox", level: 1 })).toBeVisible();
  const change = await expectDelivery(page, "ChangePlan", "Applied");
  await expect(change).toContainText("Accepted: WEBHOOK_CHANGE_POLICY says accept.");
  await expect(change).toContainText("plan basic, Subscribed");
  await expectDelivery(page, "Subscribe", "Applied");
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  // Each delivery's attempts, and the status filter.
  await change.getByText(/^\d+ attempts?/).click();
  await expect(change.getByRole("list", { name: "Attempts" })).toContainText("Microsoft HTTP 200");
  await page.getByRole("link", { name: /^Refused \(\d+\)$/ }).click();
  await expect(page.getByText("No deliveries with status Refused.")).toBeVisible();
  await expect(page.getByRole("link", { name: /^Refused/ })).toHaveAttribute("aria-current", "page");

  expect(await portalDb.subscription(subscriptionId)).toMatchObject({ planId: "basic", status: "Subscribed" });
  const audit = (await portalDb.audit(subscriptionId)).map((a) => a.action);
  expect(audit).toEqual(
    expect.arrayContaining(["webhook.Subscribe", "webhook.ChangePlan.accepted", "webhook.ChangePlan"]),
  );
});

test("a delivery that failed while Microsoft was unreachable: re-run by an owner, applied on Microsoft's retry", async ({
  browser,
}) => {
  const { subscriptionId } = await sim.purchase({ personaId: "alice", planId: "auto" });
  await expect
    .poll(async () => (await portalDb.subscription(subscriptionId))?.status, { timeout: 20_000 })
    .toBe("Subscribed");
  // Microsoft's Operations API fails for every call until the faults are cleared: the portal cannot confirm.
  await sim.fault({ endpoint: "getOperation", kind: "error", count: 1000 });
  try {
    await sim.event(subscriptionId, "suspend");
    const path = `/admin/webhooks?subscription=${subscriptionId}`;
    const owner = await signedInPage(browser, "Olivia Owens", path);
    const failed = await expectDelivery(owner, "Suspend", "Failed");
    await expect(failed).toContainText("Microsoft could not be reached");

    // A viewer sees it, but only owners may re-run.
    const viewer = await signedInPage(browser, "Victor Vance", path);
    await expectDelivery(viewer, "Suspend", "Failed");
    await expect(viewer.getByRole("button", { name: /^Re-run/ })).toHaveCount(0);

    // Re-run while Microsoft is still failing: recorded as a re-run, still Failed. (While Microsoft's own retry
    // is being applied the button is refused or absent: try again, as an owner would.)
    await expect(async () => {
      await owner.reload();
      const row = owner.getByRole("row").filter({ has: owner.getByText("Suspend", { exact: true }) });
      await row.getByRole("button", { name: /^Re-run delivery/ }).click({ timeout: 1_000 });
      await expect(row.getByRole("status")).toHaveText("Re-run: Failed.", { timeout: 15_000 });
    }).toPass({ timeout: 45_000 });
    await owner.reload();
    await failed.getByText(/^\d+ attempts?/).click();
    await expect(failed.getByRole("list", { name: "Attempts" })).toContainText("Re-run HTTP 503");
  } finally {
    await sim.clearFaults();
  }
  // Microsoft keeps retrying (the portal answered 503): once it can confirm, the suspension is applied.
  const owner = await signedInPage(browser, "Olivia Owens", `/admin/webhooks?subscription=${subscriptionId}`);
  await expectDelivery(owner, "Suspend", "Applied", 45_000);
  expect((await portalDb.subscription(subscriptionId))?.status).toBe("Suspended");
});

test("a change accepted while Microsoft's subscription cannot be read: answered 200 within the window, followed up after the answer, Applied", async ({
  browser,
}) => {
  const { subscriptionId } = await sim.purchase({ personaId: "alice", planId: "auto" });
  await expect
    .poll(async () => (await portalDb.subscription(subscriptionId))?.status, { timeout: 20_000 })
    .toBe("Subscribed");
  // Get Subscription hangs for the webhook's whole attempt: the portal decides on its own copy, sends PATCH
  // Success, and reads Microsoft again only after answering (Next's after()).
  await sim.fault({ endpoint: "get", kind: "hang", hangMs: 9_000, count: 3 });
  try {
    await sim.event(subscriptionId, "change-plan", { planId: "basic" });
    await expect.poll(async () => (await sim.subscription(subscriptionId)).planId, { timeout: 8_000 }).toBe("basic");
    const page = await signedInPage(browser, "Olivia Owens", `/admin/webhooks?subscription=${subscriptionId}`);
    const change = await expectDelivery(page, "ChangePlan", "Applied", 45_000);
    await expect(change).toContainText(
      /Accepted: WEBHOOK_CHANGE_POLICY says accept\. Microsoft's subscription showed it \d+ s later \(follow-up read\): stored plan basic, Subscribed\./,
    );
    await change.getByText(/^\d+ attempts?/).click();
    await expect(change.getByRole("list", { name: "Attempts" }).getByRole("listitem")).toHaveCount(1);
    await expect(change.getByRole("list", { name: "Attempts" })).toContainText("Microsoft HTTP 200");
  } finally {
    await sim.clearFaults();
  }
  expect(await portalDb.subscription(subscriptionId)).toMatchObject({ planId: "basic", status: "Subscribed" });
});

test("a status Microsoft has not documented: acknowledged, the subscription keeps its status, and the inbox flags it for an operator", async ({
  browser,
}) => {
  const { subscriptionId } = await sim.purchase({ personaId: "alice", planId: "auto" });
  await expect
    .poll(async () => (await portalDb.subscription(subscriptionId))?.status, { timeout: 20_000 })
    .toBe("Subscribed");
  await simControl("POST", `/subscriptions/${subscriptionId}/report-status`, { status: "Frozen" });
  await sim.event(subscriptionId, "suspend");

  const page = await signedInPage(browser, "Victor Vance", `/admin/webhooks?subscription=${subscriptionId}`);
  const row = await expectDelivery(page, "Suspend", "Applied");
  await expect(row).toContainText(
    'Needs attention: Microsoft reported a subscription status it has not documented ("Frozen"); the portal kept the last known status.',
  );
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  await page.getByRole("link", { name: /^Needs attention \(\d+\)$/ }).click();
  await expect(page.getByRole("link", { name: /^Needs attention/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("row").filter({ hasText: subscriptionId })).toHaveCount(1);

  // The rest of the portal reads the subscription as before: its last known status, and the reported one in its history.
  expect(await portalDb.subscription(subscriptionId)).toMatchObject({ status: "Subscribed" });
  expect((await portalDb.audit(subscriptionId)).find((a) => a.action === "webhook.unknown-status")).toMatchObject({
    after: { reportedStatus: "Frozen", keptStatus: "Subscribed" },
  });
  await page.goto(`/admin/subscriptions/${subscriptionId}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto(`/admin/subscriptions?q=${subscriptionId}`);
  await expect(page.getByRole("row").filter({ hasText: subscriptionId })).toBeVisible();
});
