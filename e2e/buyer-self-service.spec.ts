import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { portalDb, query } from "./support/portal-db";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL } from "./test-env";

/**
 * "Your subscription" through the real servers: an owner turns buyer self-service on, the buyer changes seats
 * with the keyboard alone (the simulator sees one PATCH), a CSP purchase offers nothing and a forged action
 * POST for it is refused, and another tenant's user gets 404.
 */

const axe = async (page: Page) => (await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id);

/** Sets both settings directly (the first test sets them through Admin → Settings). */
async function selfService(on: boolean, actors: "tenant" | "activator" | "tenantAdmin") {
  for (const [key, value] of [
    ["buyerSelfService", on],
    ["buyerSelfServiceActors", actors],
  ] as const)
    await query(
      `INSERT INTO "PortalSetting" ("key", "value", "updatedAt") VALUES ($1, $2::jsonb, now())
       ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value"`,
      [key, JSON.stringify(value)],
    );
}

/** Alice buys (through Carol, a CSP partner, when asked) and confirms on the landing page: an active subscription. */
async function activePurchase(browser: Browser, viaPartner = false): Promise<{ id: string; page: Page }> {
  const purchase = await sim.purchase({
    personaId: "alice",
    planId: "pro-seats",
    quantity: 10,
    ...(viaPartner ? { cspPartnerPersonaId: "carol" } : {}),
  });
  const page = await (await browser.newContext()).newPage();
  await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await signInAs(page, "Alice Anders");
  const company = page.getByLabel(/Company or organization/);
  if (await company.count()) await company.fill("Contoso Ltd");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible({ timeout: 30_000 });
  return { id: purchase.subscriptionId, page };
}

test("an owner turns self-service on; the buyer adds seats with the keyboard alone, and Microsoft gets one PATCH", async ({
  browser,
}) => {
  const owner = await signedInPage(browser, "Olivia Owens", "/admin/settings");
  const settings = owner.locator("section", { has: owner.getByRole("heading", { name: /Buyer self-service/ }) });
  await settings.getByRole("checkbox", { name: /Let buyers change/ }).check();
  await settings.getByRole("radio", { name: "Only the person who activated the subscription" }).check();
  await settings.getByRole("button", { name: "Apply buyer self-service" }).click();
  await expect(settings.getByTestId("self-service-saved")).toHaveText("Saved: buyer self-service is on.");
  await expect(settings.getByRole("checkbox", { name: /Let buyers change/ })).toBeChecked();
  expect(await axe(owner)).toEqual([]);

  const { id, page } = await activePurchase(browser);
  await page.getByRole("link", { name: "See and manage your subscription" }).click();
  await expect(page).toHaveURL(`${PORTAL_URL}/account/subscriptions/${id}`);
  const seats = page.getByRole("region", { name: "Change the number of seats" });
  await expect(seats).toContainText("this plan allows 5–500");
  await expect(page.getByRole("region", { name: "Cancel the subscription" })).toContainText(
    "Cancelling within 72 hours of the purchase is free",
  );
  // With 10 seats, Enterprise (50–10000 seats) cannot be chosen yet: the page says to change the seats first.
  await expect(page.getByRole("region", { name: "Change the plan" })).toContainText("needs 50–10,000 seats");
  expect(await axe(page)).toEqual([]);

  // Keyboard only: into the field, type, Tab to Review, Enter; the confirm step takes the focus; Tab, Enter.
  await seats.getByRole("spinbutton").focus();
  await page.keyboard.press("ControlOrMeta+A");
  // 60: within this plan's 5–500 and within Enterprise's 50–10000, which the plan change below needs.
  await page.keyboard.type("60");
  await page.keyboard.press("Tab");
  await expect(seats.getByRole("button", { name: "Review seat change" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(seats.getByRole("heading", { name: "Confirm the seat change" })).toBeFocused();
  await expect(seats.getByRole("group")).toContainText("Change from 10 to 60 seats?");
  expect(await axe(page)).toEqual([]);
  expect((await sim.callsFor(id)).patch ?? 0).toBe(0);
  await page.keyboard.press("Tab");
  await expect(seats.getByRole("button", { name: "Confirm" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page.getByTestId("buyer-operation")).toHaveText("Seat change: done.", { timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Details" })).toContainText("60", { timeout: 10_000 });
  expect((await sim.subscription(id)).quantity).toBe(60);
  expect((await sim.callsFor(id)).patch).toBe(1);
  const requested = (await portalDb.audit(id)).filter((a) => a.action === "buyer.operation.requested");
  expect(requested).toHaveLength(1);
  expect(requested[0]).toMatchObject({ actorType: "user", actorLabel: "alice@contoso.example" });
  expect((await portalDb.audit(id)).map((a) => a.action)).toContain("operation.succeeded");

  // The plan, by keyboard too: the list is Microsoft's other plans, priced as Microsoft gave them.
  const plan = page.getByRole("region", { name: "Change the plan" });
  const select = plan.getByRole("combobox");
  await expect(select).toBeEnabled();
  await expect(select).toHaveValue("enterprise");
  await expect(select).toContainText("Enterprise");
  await expect(select).toContainText("$25.00 per seat / Monthly");
  await select.focus();
  await page.keyboard.press("Tab");
  await expect(plan.getByRole("button", { name: "Review plan change" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(plan.getByRole("heading", { name: "Confirm the plan change" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("buyer-operation")).toHaveText("Plan change: done.", { timeout: 30_000 });
  expect((await sim.subscription(id)).planId).toBe("enterprise");
  expect((await sim.callsFor(id)).patch).toBe(2);

  // And cancelling: the 72-hour rule is stated in the confirm step; Back first, then Confirm.
  const cancel = page.getByRole("region", { name: "Cancel the subscription" });
  await cancel.getByRole("button", { name: "Review cancellation" }).focus();
  await page.keyboard.press("Enter");
  await expect(cancel.getByRole("heading", { name: "Confirm the cancellation" })).toBeFocused();
  await expect(cancel.getByRole("group")).toContainText("the cancellation is not billed");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(cancel.getByRole("button", { name: "Back" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(cancel.getByRole("group")).toHaveCount(0);
  expect((await sim.callsFor(id)).delete ?? 0).toBe(0);
  await expect(cancel.getByRole("button", { name: "Review cancellation" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(cancel.getByRole("button", { name: "Confirm" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("buyer-operation")).toHaveText("Cancellation: done.", { timeout: 30_000 });
  expect((await sim.subscription(id)).saasSubscriptionStatus).toBe("Unsubscribed");
  expect((await sim.callsFor(id)).delete).toBe(1);
  await expect(page.getByRole("region", { name: "Details" })).toContainText("Cancelled", { timeout: 10_000 });
  expect((await portalDb.audit(id)).filter((a) => a.action === "buyer.operation.requested")).toHaveLength(3);
});

test("a CSP purchase shows no actions, and a forged server-action POST for it is refused without a PATCH", async ({
  browser,
}) => {
  await selfService(true, "tenant");
  const own = await activePurchase(browser);
  const csp = await activePurchase(browser, true);
  const page = own.page;

  await page.goto(`${PORTAL_URL}/account/subscriptions/${csp.id}`);
  await expect(page.getByText("bought through a Microsoft partner (CSP)")).toBeVisible();
  await expect(page.getByRole("button")).not.toContainText([/Review|Confirm/]);
  expect(await axe(page)).toEqual([]);

  // Alice's real seat change on her own subscription is the template to forge.
  await page.goto(`${PORTAL_URL}/account/subscriptions/${own.id}`);
  const seats = page.getByRole("region", { name: "Change the number of seats" });
  await seats.getByRole("spinbutton").fill("11");
  await seats.getByRole("button", { name: "Review seat change" }).click();
  const captured = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await seats.getByRole("button", { name: "Confirm" }).click();
  const request = await captured;
  await expect(page.getByTestId("buyer-operation")).toHaveText("Seat change: done.", { timeout: 30_000 });

  const replay = (body: string) =>
    page.request.post(request.url(), {
      headers: {
        "next-action": request.headers()["next-action"]!,
        "content-type": request.headers()["content-type"] ?? "text/plain;charset=UTF-8",
      },
      data: body,
    });
  const original = request.postDataBuffer()!.toString();
  expect(original).toContain(own.id);
  const forged = await replay(original.replace(own.id, csp.id).replace(/\b11\b/, "40"));
  expect(await forged.text()).toContain("forbidden");
  expect((await sim.callsFor(csp.id)).patch ?? 0).toBe(0);
  expect((await sim.subscription(csp.id)).quantity).toBe(10);
  expect((await portalDb.audit(csp.id)).map((a) => a.action)).not.toContain("buyer.operation.requested");

  // Carol, the partner, is of another tenant than Alice's own purchase: for her that id does not exist.
  const carol = await signedInPage(browser, "Carol Castillo", "/account");
  const forgedByCarol = await carol.request.post(request.url(), {
    headers: { "next-action": request.headers()["next-action"]!, "content-type": "text/plain;charset=UTF-8" },
    data: original.replace(/\b11\b/, "40"),
  });
  expect(await forgedByCarol.text()).toContain("not-found");
  expect((await sim.callsFor(own.id)).patch).toBe(1);
});

test("another tenant's user gets 404; a colleague reads only under 'only the activator'", async ({ browser }) => {
  await selfService(true, "activator");
  const { id } = await activePurchase(browser);

  const carol = await signedInPage(browser, "Carol Castillo", "/account");
  await expect(carol.getByRole("heading", { level: 1, name: "Your subscriptions" })).toBeVisible();
  await expect(carol.getByRole("main")).not.toContainText(id);
  const response = await carol.goto(`${PORTAL_URL}/account/subscriptions/${id}`);
  expect(response?.status()).toBe(404);
  await expect(carol.getByRole("heading", { name: "Page not found" })).toBeVisible();

  const ben = await signedInPage(browser, "Ben Brandt", `/account/subscriptions/${id}`);
  await expect(ben.getByText("Only the person who activated this subscription can change it here.")).toBeVisible();
  await expect(ben.getByRole("region", { name: "Change the number of seats" })).toHaveCount(0);
  expect(await axe(ben)).toEqual([]);
  await ben.goto(`${PORTAL_URL}/account`);
  await expect(ben.getByRole("link", { name: /^Open / }).first()).toBeVisible();
  expect(await axe(ben)).toEqual([]);
});
