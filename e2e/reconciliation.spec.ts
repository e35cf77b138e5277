import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser } from "@playwright/test";
import { portalDb } from "./support/portal-db";
import { portalRuns, simDrift } from "./support/reconciliation";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_LOG, PORTAL_URL } from "./test-env";

test.afterEach(async () => {
  await sim.clearFaults();
});

/** Alice buys 10 seats and confirms on the landing page: the portal knows an active subscription. */
async function activeSubscription(browser: Browser): Promise<string> {
  const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 10 });
  const buyer = await (await browser.newContext()).newPage();
  await buyer.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await signInAs(buyer, "Alice Anders");
  await buyer.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(buyer.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  await buyer.context().close();
  return purchase.subscriptionId;
}

test("a change whose webhook was dropped leaves the portal stale; an owner reconciles from the dashboard, watches it run, and the repair is audited; a viewer cannot run it", async ({
  browser,
}) => {
  const id = await activeSubscription(browser);
  expect(await portalDb.subscription(id)).toMatchObject({ status: "Subscribed", autoRenew: true });

  await test.step("drift at Microsoft: the customer's payment fails and the Suspend webhook is dropped", async () => {
    await simDrift.dropNextWebhook();
    await sim.event(id, "suspend");
    await simDrift.autoRenew(id, false);
    expect((await sim.subscription(id)).saasSubscriptionStatus).toBe("Suspended");
    expect(await simDrift.deliveries(id)).toEqual([
      expect.objectContaining({ action: "Suspend", state: "dropped", fault: "drop" }),
    ]);
  });

  const viewer = await signedInPage(browser, "Victor Vance", `/admin/subscriptions/${id}`);
  await test.step("the portal still shows the old state (a viewer's page does not ask Microsoft)", async () => {
    const header = viewer.locator("header").filter({ has: viewer.getByRole("heading", { level: 1 }) });
    await expect(header).toContainText("Subscribed");
    expect(await portalDb.subscription(id)).toMatchObject({ status: "Subscribed", autoRenew: true });
  });

  const owner = await signedInPage(browser, "Olivia Owens", "/admin/reconciliation");
  let actionRequest: { url: string; headers: Record<string, string>; body: string } | undefined;
  await test.step("the owner runs reconciliation and watches its progress without reloading", async () => {
    await expect(owner.getByRole("heading", { name: "Reconciliation", level: 1 })).toBeVisible();
    expect((await new AxeBuilder({ page: owner }).analyze()).violations.map((v) => v.id)).toEqual([]);
    // Microsoft answers List slowly this time, so the run is seen in progress.
    await sim.fault({ endpoint: "list", kind: "hang", hangMs: 2_500, count: 1 });
    const captured = owner.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
    await owner.getByRole("button", { name: "Run now" }).click();
    const request = await captured;
    actionRequest = {
      url: request.url(),
      headers: request.headers(),
      body: request.postDataBuffer()?.toString() ?? "",
    };
    const progress = owner.getByTestId("reconciliation-progress");
    await expect(progress).toHaveAttribute("data-status", "Running");
    await expect(owner.getByRole("heading", { name: "Running now" })).toBeVisible();
    await expect(owner.getByRole("button", { name: "Run now" })).toBeDisabled();
    await expect(progress).toHaveAttribute("data-status", "Succeeded", { timeout: 30_000 });
    await expect(progress).toContainText("Run by Olivia Owens");
    await expect(owner.getByRole("button", { name: "Run now" })).toBeEnabled();
  });

  await test.step("the subscription is repaired, and its audit and timeline show the repair", async () => {
    expect(await portalDb.subscription(id)).toMatchObject({ status: "Suspended", autoRenew: false });
    const repair = (await portalDb.audit(id)).find((a) => a.action === "reconcile.repaired");
    expect(repair).toMatchObject({
      actorType: "system",
      before: { status: "Subscribed", autoRenew: true },
      after: { status: "Suspended", autoRenew: false },
    });
    const [run] = await portalRuns.all();
    expect(run).toMatchObject({ status: "Succeeded", errorMessage: null });
    expect(run?.checked).toBeGreaterThanOrEqual(1);
    // The page lists what was repaired, linking to the subscription.
    const repairs = owner.getByRole("list", { name: "Repairs" });
    await expect(repairs.getByRole("link", { name: id })).toBeVisible();
    await expect(repairs.getByRole("listitem").filter({ hasText: id })).toContainText("repaired: autoRenew, status");
    await viewer.reload();
    const timeline = viewer.getByRole("list", { name: "Timeline" });
    await expect(timeline).toContainText("reconcile.repaired");
    await expect(timeline).toContainText("System (reconciliation)");
    await expect(timeline).toContainText('status: "Subscribed" → "Suspended"');
  });

  await test.step("a viewer sees the runs but has no Run button, and a forged POST of the action is refused on the server", async () => {
    await viewer.goto(`${PORTAL_URL}/admin/reconciliation`);
    await expect(viewer.getByRole("table", { name: /Recent reconciliation runs/ })).toContainText(
      "Run by Olivia Owens",
    );
    await expect(viewer.getByTestId("reconciliation-progress")).toHaveAttribute("data-status", "Succeeded");
    await expect(viewer.getByRole("button", { name: "Run now" })).toHaveCount(0);
    const before = (await portalRuns.all()).length;
    const forged = await viewer.request.post(actionRequest!.url, {
      headers: {
        "next-action": actionRequest!.headers["next-action"]!,
        "content-type": actionRequest!.headers["content-type"]!,
      },
      data: actionRequest!.body,
    });
    expect(await forged.text()).toContain("forbidden");
    expect((await portalRuns.all()).length).toBe(before);
    const progress = await viewer.request.get(`${PORTAL_URL}/api/admin/reconciliation`);
    expect(progress.status()).toBe(200);
  });
});

test("a buyer gets no reconciliation data, and the server started its schedule at start", async ({ browser }) => {
  const buyer = await signedInPage(browser, "Alice Anders", "/admin/reconciliation");
  await expect(buyer.getByRole("heading", { name: "No access to the admin dashboard" })).toBeVisible();
  expect((await buyer.request.get(`${PORTAL_URL}/api/admin/reconciliation`)).status()).toBe(403);
  // The start hook (instrumentation.ts → lib/startup.ts) started the job queue with reconciliation's schedule.
  expect(fs.readFileSync(PORTAL_LOG, "utf8")).toMatch(
    /"tasks":\[[^\]]*"reconcile\.schedule"[^\]]*\].*"msg":"job queue: running"/,
  );
});
