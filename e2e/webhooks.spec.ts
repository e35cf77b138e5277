import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { portalDb, query } from "./support/portal-db";
import { signedInPage } from "./support/sign-in";
import { sim, simControl } from "./support/simulator";

// Microsoft's notifications, end to end: the simulator (Microsoft) delivers signed webhooks to the running
// portal (`npm start`), which answers once a delivery is stored; its job queue's workers apply it, and
// staff see each delivery in the admin inbox.

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
  const attempts = change.getByRole("list", { name: "Attempts" });
  await expect(attempts).toContainText("Microsoft · answered HTTP 200");
  await expect(attempts).toContainText("Received and queued.");
  await expect(attempts).toContainText("Worker");
  await expect(page.getByRole("status", { name: "Webhook queue" })).toContainText(/Queue: \d+ queued, \d+ running/);
  await page.getByRole("link", { name: /^Refused \(\d+\)$/ }).click();
  await expect(page.getByText("No deliveries with status Refused.")).toBeVisible();
  await expect(page.getByRole("link", { name: /^Refused/ })).toHaveAttribute("aria-current", "page");

  expect(await portalDb.subscription(subscriptionId)).toMatchObject({ planId: "basic", status: "Subscribed" });
  const audit = (await portalDb.audit(subscriptionId)).map((a) => a.action);
  expect(audit).toEqual(
    expect.arrayContaining(["webhook.Subscribe", "webhook.ChangePlan.accepted", "webhook.ChangePlan"]),
  );
});

test("Microsoft unreachable behind the 200: the delivery waits in the queue, the queue gives up and flags it, an owner re-runs it, and it is applied", async ({
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
    // Microsoft got its 200; the worker's attempt failed and the queue retries it, which the inbox says.
    const queued = await expectDelivery(owner, "Suspend", "Queued");
    await expect(queued).toContainText(/Microsoft could not be reached.*Attempt \d+ of 11; the queue retries it/);
    await expect(owner.getByRole("status", { name: "Webhook queue" })).toContainText(
      /Queue: [1-9]\d* queued, \d+ running; the oldest queued delivery was received \d+ s ago/,
    );
    expect((await portalDb.subscription(subscriptionId))?.status).toBe("Subscribed");

    // Hours of retries, fast-forwarded: the next attempt is the job's last.
    await query(
      `UPDATE graphile_worker._private_jobs SET attempts = max_attempts - 1, run_at = now()
       WHERE key = (SELECT 'webhook:' || id FROM "WebhookDelivery" WHERE "subscriptionId" = $1 AND action = 'Suspend')`,
      [subscriptionId],
    );
    const failed = await expectDelivery(owner, "Suspend", "Failed");
    await expect(failed).toContainText(/Needs attention: Not applied after 11 attempts/);

    // A viewer sees it, but only owners may re-run.
    const viewer = await signedInPage(browser, "Victor Vance", path);
    await expectDelivery(viewer, "Suspend", "Failed");
    await expect(viewer.getByRole("button", { name: /^Re-run/ })).toHaveCount(0);

    // Re-run while Microsoft is still failing: queued again, its worker's attempt fails, the queue retries.
    // (The page refreshes at once: the row says Queued, and its button and message give way to that.)
    await failed.getByRole("button", { name: /^Re-run delivery/ }).click();
    await expectDelivery(owner, "Suspend", "Queued");
  } finally {
    await sim.clearFaults();
  }
  // Once Microsoft answers, the queue's next attempt applies it.
  const owner = await signedInPage(browser, "Olivia Owens", `/admin/webhooks?subscription=${subscriptionId}`);
  const applied = await expectDelivery(owner, "Suspend", "Applied", 45_000);
  await applied.getByText(/^\d+ attempts?/).click();
  const attempts = applied.getByRole("list", { name: "Attempts" });
  await expect(attempts).toContainText("Re-run");
  await expect(attempts).toContainText(/Queued again by .* \(was Failed\)\./);
  expect((await portalDb.subscription(subscriptionId))?.status).toBe("Suspended");
});

test("a change accepted while Microsoft's subscription cannot be read: decided within the window, followed up after the attempt, Applied", async ({
  browser,
}) => {
  const { subscriptionId } = await sim.purchase({ personaId: "alice", planId: "auto" });
  await expect
    .poll(async () => (await portalDb.subscription(subscriptionId))?.status, { timeout: 20_000 })
    .toBe("Subscribed");
  // Get Subscription hangs for the worker's whole attempt: the portal decides on its own copy, sends PATCH
  // Success within Microsoft's window, and reads Microsoft again after the attempt (its follow-up).
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
    // One delivery from Microsoft and one attempt of a worker: the follow-up is not a retry.
    await expect(change.getByRole("list", { name: "Attempts" }).getByRole("listitem")).toHaveCount(2);
    await expect(change.getByRole("list", { name: "Attempts" })).toContainText("Microsoft · answered HTTP 200");
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
