import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { portalDb } from "./support/portal-db";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim, simControl } from "./support/simulator";
import { PORTAL_URL } from "./test-env";

/** The buyer opens the landing page and signs in but never confirms: the portal knows a pending purchase. */
async function stuckPurchase(browser: Browser, planId: string, quantity?: number, viaPartner = false) {
  const purchase = await sim.purchase({
    personaId: "alice",
    planId,
    quantity,
    ...(viaPartner ? { cspPartnerPersonaId: "carol" } : {}),
  });
  const buyer = await (await browser.newContext()).newPage();
  await buyer.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await signInAs(buyer, viaPartner ? "Carol Castillo" : "Alice Anders");
  await expect(buyer.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
  await buyer.context().close();
  return purchase.subscriptionId;
}

async function waitForOperation(page: Page, status: "succeeded" | "failed" | "conflict") {
  await expect(page.getByTestId("operation-progress")).toContainText(status, { timeout: 30_000 });
}

test("an operator activates a stuck purchase, changes seats and plan, and cancels, watching each operation finish", async ({
  browser,
}) => {
  const id = await stuckPurchase(browser, "pro-seats", 10);
  const page = await signedInPage(browser, "Oscar Ortiz", `/admin/subscriptions/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByRole("region", { name: "Change seats" })).toBeVisible({ timeout: 30_000 });
  expect((await sim.subscription(id)).saasSubscriptionStatus).toBe("Subscribed");

  const seats = page.getByRole("region", { name: "Change seats" });
  await expect(seats).toContainText("5–500");
  await seats.getByRole("spinbutton").fill("60");
  await seats.getByRole("button", { name: "Change seats" }).click();
  await waitForOperation(page, "succeeded");
  await expect(page.getByRole("region", { name: "From Microsoft" })).toContainText("60", { timeout: 10_000 });
  expect((await sim.subscription(id)).quantity).toBe(60);

  const plan = page.getByRole("region", { name: "Change plan" });
  await expect(plan.getByRole("combobox")).toBeEnabled({ timeout: 10_000 });
  await plan.getByRole("combobox").selectOption("enterprise");
  await plan.getByRole("button", { name: "Change plan" }).click();
  await waitForOperation(page, "succeeded");
  await expect(page.getByRole("region", { name: "From Microsoft" })).toContainText("fabrikam-cloud / enterprise", {
    timeout: 10_000,
  });
  expect((await sim.subscription(id)).planId).toBe("enterprise");

  const cancel = page.getByRole("region", { name: "Cancel the subscription" });
  await expect(cancel).toContainText("within 72 hours");
  // Without the confirmation ticked, nothing is sent (the server would refuse it too: see the forged-POST test).
  await cancel.getByRole("button", { name: "Cancel subscription" }).click();
  expect(await cancel.getByRole("checkbox").evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(
    true,
  );
  expect((await sim.subscription(id)).saasSubscriptionStatus).toBe("Subscribed");
  await cancel.getByRole("checkbox").check();
  await cancel.getByRole("button", { name: "Cancel subscription" }).click();
  await waitForOperation(page, "succeeded");
  await expect(page.getByRole("region", { name: "From Microsoft" })).toContainText("Unsubscribed", { timeout: 10_000 });
  expect((await sim.subscription(id)).saasSubscriptionStatus).toBe("Unsubscribed");

  const audit = (await portalDb.audit(id)).map((a) => a.action);
  expect(audit).toContain("subscription.activated");
  expect(audit.filter((a) => a === "operation.requested")).toHaveLength(3);
  expect(audit.filter((a) => a === "operation.succeeded")).toHaveLength(3);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Publisher Unsubscribe");
});

test("a seat change and a cancellation whose answers Microsoft loses are sent once, and the operator watches them finish", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const id = await stuckPurchase(browser, "pro-seats", 10);
  const page = await signedInPage(browser, "Oscar Ortiz", `/admin/subscriptions/${id}`);
  await page.getByRole("button", { name: "Activate" }).click();
  const seats = page.getByRole("region", { name: "Change seats" });
  await expect(seats).toBeVisible({ timeout: 30_000 });
  // What Microsoft lets the publisher do for this (non-CSP) customer.
  await expect(page.getByRole("region", { name: "From Microsoft" })).toContainText("Allowed on the customer's behalf");
  await expect(page.getByRole("region", { name: "From Microsoft" })).toContainText("Read, Update, Delete");

  const started = await simControl<{ operationDelayMs: number }>("GET", "/timings");
  // Microsoft's operations run for a while, so the portal finds them still in progress.
  await simControl("POST", "/timings", { operationDelayMs: 8_000 });
  try {
    // Microsoft makes the seat change at once but its answer never arrives within the portal's 4 s attempt timeout.
    await simControl("POST", "/faults", { endpoint: "patch", kind: "hang-after", hangMs: 15_000 });
    await seats.getByRole("spinbutton").fill("20");
    await seats.getByRole("button", { name: "Change seats" }).click();
    await expect(page.getByTestId("action-notice")).toContainText("did not answer in time", { timeout: 40_000 });
    await expect(page.getByTestId("action-notice")).toContainText("found Microsoft's operation");
    await expect(page.getByTestId("operation-progress")).toContainText("Seat change: waiting for Microsoft");
    await waitForOperation(page, "succeeded");
    await expect(page.getByRole("region", { name: "From Microsoft" })).toContainText("20", { timeout: 10_000 });
    expect((await sim.subscription(id)).quantity).toBe(20);
    expect((await sim.callsFor(id)).patch).toBe(1);
    await expect(seats.getByRole("alert")).toHaveCount(0);

    // The cancellation hangs before Microsoft processes it: the portal gives up first, then finds the operation.
    await simControl("POST", "/faults", { endpoint: "delete", kind: "hang", hangMs: 6_000 });
    const cancel = page.getByRole("region", { name: "Cancel the subscription" });
    await cancel.getByRole("checkbox").check();
    await cancel.getByRole("button", { name: "Cancel subscription" }).click();
    await expect(page.getByTestId("action-notice")).toContainText("found Microsoft's operation", { timeout: 40_000 });
    await expect(page.getByTestId("operation-progress")).toContainText("Cancellation");
    await waitForOperation(page, "succeeded");
    await expect(page.getByRole("region", { name: "From Microsoft" })).toContainText("Unsubscribed", {
      timeout: 10_000,
    });
    expect((await sim.subscription(id)).saasSubscriptionStatus).toBe("Unsubscribed");
    expect((await sim.callsFor(id)).delete).toBe(1);
  } finally {
    await simControl("DELETE", "/faults");
    await simControl("POST", "/timings", { operationDelayMs: started.operationDelayMs });
  }
  const requested = (await portalDb.audit(id)).filter((a) => a.action === "operation.requested");
  expect(requested).toHaveLength(2);
});

test("Microsoft's own limits are enforced before asking it: seats outside the plan, a CSP purchase", async ({
  browser,
}) => {
  const id = await stuckPurchase(browser, "pro-seats", 5);
  const page = await signedInPage(browser, "Oscar Ortiz", `/admin/subscriptions/${id}`);
  await page.getByRole("button", { name: "Activate" }).click();
  const seats = page.getByRole("region", { name: "Change seats" });
  await expect(seats).toBeVisible({ timeout: 30_000 });
  await seats.getByRole("spinbutton").evaluate((el) => el.removeAttribute("max"));
  await seats.getByRole("spinbutton").fill("501");
  await seats.getByRole("button", { name: "Change seats" }).click();
  await expect(seats.getByRole("alert")).toContainText("between 5 and 500");
  expect((await sim.subscription(id)).quantity).toBe(5);

  // A CSP purchase: Microsoft lets only the partner change or cancel it (allowedCustomerOperations: Read).
  const csp = await stuckPurchase(browser, "pro-seats", 8, true);
  await page.goto(`${PORTAL_URL}/admin/subscriptions/${csp}`);
  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByText("a CSP purchase: the partner manages it")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Change seats" }).getByRole("button")).toBeDisabled();
  await expect(page.getByRole("region", { name: "Cancel the subscription" })).toHaveCount(0);
});

test("a viewer sees a subscription but cannot act, and a forged POST of the operator's action is refused on the server", async ({
  browser,
}) => {
  const id = await stuckPurchase(browser, "pro-seats", 10);
  const operator = await signedInPage(browser, "Oscar Ortiz", `/admin/subscriptions/${id}`);
  await operator.getByRole("button", { name: "Activate" }).click();
  await expect(operator.getByRole("region", { name: "Change seats" })).toBeVisible({ timeout: 30_000 });

  // Record the operator's real server-action request (its action id and body) as the template to forge.
  const captured = operator.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await operator.getByRole("region", { name: "Change seats" }).getByRole("spinbutton").fill("11");
  await operator.getByRole("region", { name: "Change seats" }).getByRole("button", { name: "Change seats" }).click();
  const request = await captured;
  await waitForOperation(operator, "succeeded");

  const viewer = await signedInPage(browser, "Victor Vance", `/admin/subscriptions/${id}`);
  await expect(viewer.getByText("Your role lets you see this subscription")).toBeVisible();
  await expect(viewer.getByRole("button", { name: /Change|Cancel subscription|Activate/ })).toHaveCount(0);
  const forged = await viewer.request.post(request.url(), {
    headers: { "next-action": request.headers()["next-action"]!, "content-type": request.headers()["content-type"]! },
    data: request
      .postDataBuffer()!
      .toString()
      .replace(/"11"|\b11\b/g, (m) => m.replace("11", "40")),
  });
  const body = await forged.text();
  expect(body).toContain("forbidden");
  expect((await sim.subscription(id)).quantity).toBe(11);
  expect((await portalDb.audit(id)).filter((a) => a.action === "operation.requested")).toHaveLength(1);
});

test("a buyer is refused the admin pages, and a signed-out visitor is sent to sign in", async ({ browser, page }) => {
  await page.goto(`${PORTAL_URL}/admin/people`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  const buyer = await signedInPage(browser, "Alice Anders", "/admin");
  await expect(buyer.getByRole("heading", { name: "No access to the admin dashboard" })).toBeVisible();
  await buyer.goto(`${PORTAL_URL}/admin/people`);
  await expect(buyer.getByRole("heading", { name: "No access to the admin dashboard" })).toBeVisible();
  const progress = await buyer.request.get(`${PORTAL_URL}/api/admin/operations/anything`);
  expect(progress.status()).toBe(403);
});

test("an owner gives a role to someone who signed in, who then sees the dashboard", async ({ browser }) => {
  const nora = await signedInPage(browser, "Nora Nash", "/admin");
  await expect(nora.getByRole("heading", { name: "No access to the admin dashboard" })).toBeVisible();
  const owner = await signedInPage(browser, "Olivia Owens", "/admin/people");
  const row = owner.getByRole("row").filter({ hasText: "nora@fabrikam.example" });
  await row.getByRole("button", { name: "Make viewer" }).click();
  await expect(row.getByRole("button", { name: "Remove viewer" })).toBeVisible();
  await nora.reload();
  await expect(nora.getByRole("navigation", { name: "Admin" })).toBeVisible();
  await expect(nora.getByRole("link", { name: "People" })).toHaveCount(0);
  // Owners cannot lock themselves out.
  const self = owner.getByRole("row").filter({ hasText: "olivia@fabrikam.example" });
  if (await self.getByRole("button", { name: "Remove owner" }).count()) {
    await self.getByRole("button", { name: "Remove owner" }).click();
    await expect(self.getByRole("alert")).toContainText("cannot remove your own owner role");
  }
  await row.getByRole("button", { name: "Remove viewer" }).click();
  await expect(row.getByRole("button", { name: "Make viewer" })).toBeVisible();
  await nora.reload();
  await expect(nora.getByRole("heading", { name: "No access to the admin dashboard" })).toBeVisible();
});
