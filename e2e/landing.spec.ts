import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { portalDb } from "./support/portal-db";
import { signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL, RECEIVER_URL, SIM_PAGES_URL } from "./test-env";

test.afterEach(async () => {
  await sim.clearFaults();
});

const activations = async (id: string) =>
  (await portalDb.audit(id)).filter((a) => a.action === "subscription.activated");

/** Opens the landing URL the simulator made and signs in as the persona; ends on the landing page. */
async function openLandingSignedIn(page: Page, landingUrl: string, persona: string) {
  await page.goto(landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await expect(page.getByRole("heading", { name: "Sign in to set up your subscription" })).toBeVisible();
  await signInAs(page, persona);
}

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

test("buy in the marketplace, sign in, confirm: Microsoft and the portal both record the activation", async ({
  page,
}) => {
  await page.goto(`${SIM_PAGES_URL}/marketplace`);
  await page
    .getByLabel("Persona (the beneficiary)")
    .selectOption({ label: "Alice Anders – alice@contoso.example (Contoso)" });
  await page.getByLabel(/Professional \(per user\)/).check();
  await page.getByLabel(/Seats/).fill("12");
  await page.getByRole("button", { name: "Buy" }).click();

  // Microsoft opens the landing page with a URL-encoded token that has + and / in it.
  await expect(page).toHaveURL(new RegExp(`^${PORTAL_URL}/\\?token=`));
  expect(page.url()).toMatch(/%2B/);
  expect(page.url()).toMatch(/%2F/);
  expect(await axeViolations(page)).toEqual([]);
  await signInAs(page, "Alice Anders");

  await expect(page.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
  const details = page.getByRole("region", { name: "Subscription details" });
  await expect(details).toContainText("Professional (per user)");
  await expect(details).toContainText("$12.00 per seat / month");
  await expect(details).toContainText("12");
  await expect(details).toContainText("alice@contoso.example");
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel(/Company or organization/).fill("Contoso Ltd");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  const subscriptionId = new URL(page.url()).searchParams.get("subscription")!;
  // The portal's route that signs the hand-off at the click and redirects to the app with it (e2e/handoff.spec.ts
  // follows it to the reference receiver).
  await expect(page.getByRole("link", { name: "Open the app" })).toHaveAttribute(
    "href",
    `/landing/open-app?subscription=${subscriptionId}`,
  );
  const opened = await page.request.get(`${PORTAL_URL}/landing/open-app?subscription=${subscriptionId}`, {
    maxRedirects: 0,
  });
  expect(opened.headers()["location"]).toMatch(
    new RegExp(`^${RECEIVER_URL}/start\\?subscription=${subscriptionId}&token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`),
  );
  expect(await axeViolations(page)).toEqual([]);

  expect((await sim.subscription(subscriptionId)).saasSubscriptionStatus).toBe("Subscribed");
  const stored = await portalDb.subscription(subscriptionId);
  expect(stored).toMatchObject({
    status: "Subscribed",
    planId: "pro-seats",
    quantity: 12,
    buyerDetails: { companyName: "Contoso Ltd" },
  });
  expect(stored?.activatedAt).toBeInstanceOf(Date);
  expect(await portalDb.activator(subscriptionId)).toMatchObject({ email: "alice@contoso.example" });
  const [activation, ...more] = await activations(subscriptionId);
  expect(more).toEqual([]);
  expect(activation).toMatchObject({
    actorType: "user",
    actorLabel: "alice@contoso.example",
    before: { status: "PendingFulfillmentStart" },
    after: { status: "Subscribed" },
  });
});

test("a token whose + reached the portal unencoded (decoded as a space) still resolves", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  expect(purchase.token).toMatch(/\+/);
  const raw = `${PORTAL_URL}/?token=${purchase.token.replaceAll("/", "%2F").replaceAll("=", "%3D")}`;
  await openLandingSignedIn(page, raw, "Alice Anders");
  await expect(page.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
});

test("a buyer whose browser runs no JavaScript (or who clicks before it ran) still confirms, once", async ({
  page,
  browser,
}) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  try {
    const noScript = await context.newPage();
    await noScript.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
    await noScript.getByRole("button", { name: "Confirm and start my subscription" }).click();
    // A plain form POST: the server action runs and the browser follows its redirect.
    await expect(noScript.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  } finally {
    await context.close();
  }
  expect(await activations(purchase.subscriptionId)).toHaveLength(1);
  expect((await sim.callsFor(purchase.subscriptionId)).activate).toBe(1);
});

test("a double click activates once", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  // Slow Microsoft down so that the second click lands while the first is still being processed.
  await sim.fault({ endpoint: "activate", kind: "hang", hangMs: 1500 });
  await page.getByRole("button", { name: "Confirm and start my subscription" }).dblclick();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible({ timeout: 30_000 });
  expect(await activations(purchase.subscriptionId)).toHaveLength(1);
  expect((await sim.callsFor(purchase.subscriptionId)).activate).toBe(1);
  expect((await sim.subscription(purchase.subscriptionId)).saasSubscriptionStatus).toBe("Subscribed");
});

test("a retry after a timeout activates once: Microsoft's answer is lost, the portal retries and still ends activated", async ({
  page,
}) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 9 });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  // The first Activate hangs past the portal's 4 s attempt timeout, then still activates at Microsoft.
  await sim.fault({ endpoint: "activate", kind: "hang", hangMs: 6_000 });
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible({ timeout: 45_000 });
  expect((await sim.subscription(purchase.subscriptionId)).saasSubscriptionStatus).toBe("Subscribed");
  expect(await activations(purchase.subscriptionId)).toHaveLength(1);
  // Two calls reached Microsoft (the timed-out one and the retry), and the subscription was activated once.
  expect((await sim.callsFor(purchase.subscriptionId)).activate).toBe(2);
});

test("two tabs confirming at the same moment activate once, and both end on the confirmation", async ({
  page,
  context,
}) => {
  const purchase = await sim.purchase({ personaId: "ben", planId: "pro-seats", quantity: 7 });
  await openLandingSignedIn(page, purchase.landingUrl, "Ben Brandt");
  const second = await context.newPage();
  await second.goto(page.url());
  await expect(second.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
  await sim.fault({ endpoint: "activate", kind: "hang", hangMs: 1500 });
  await Promise.all([
    page.getByRole("button", { name: "Confirm and start my subscription" }).click(),
    second.getByRole("button", { name: "Confirm and start my subscription" }).click(),
  ]);
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible({ timeout: 30_000 });
  await expect(second.getByRole("heading", { name: "Welcome aboard" })).toBeVisible({ timeout: 30_000 });
  expect(await activations(purchase.subscriptionId)).toHaveLength(1);
  expect((await sim.callsFor(purchase.subscriptionId)).activate).toBe(1);
});

test("re-entry (Manage account) shows the subscription's state and never activates again", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();

  const manage = await sim.landingToken(purchase.subscriptionId);
  await page.goto(manage.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await expect(page.getByRole("heading", { name: "Your subscription is active" })).toBeVisible();
  await expect(page.getByText("You are all set")).toBeVisible();
  await expect(page.getByRole("button", { name: /Confirm/ })).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);

  await sim.event(purchase.subscriptionId, "suspend");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your subscription is suspended" })).toBeVisible();

  await sim.event(purchase.subscriptionId, "cancel");
  await page.reload();
  await expect(page.getByRole("heading", { name: "This subscription was cancelled" })).toBeVisible();
  expect(await activations(purchase.subscriptionId)).toHaveLength(1);
  expect((await sim.callsFor(purchase.subscriptionId)).activate).toBe(1);
});

test("an auto-activated purchase says so, and there is nothing to confirm", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "auto" });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  await expect(page.getByRole("heading", { name: "Your subscription is active" })).toBeVisible();
  await expect(page.getByText("activated automatically")).toBeVisible();
  await expect(page.getByRole("button", { name: /Confirm/ })).toHaveCount(0);
  expect(await activations(purchase.subscriptionId)).toHaveLength(0);
  expect((await sim.callsFor(purchase.subscriptionId)).activate).toBeUndefined();
});

test("an expired token gets its own page, with what to do, and nothing is written", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  await sim.expireTokens("purchase");
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  await expect(page.getByRole("heading", { name: "We couldn't identify this purchase" })).toBeVisible();
  await expect(page.getByText("select Configure Account or Manage Account again")).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  expect(await portalDb.subscription(purchase.subscriptionId)).toBeUndefined();
});

test("a tampered or unknown token is refused the same way", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  const tampered = purchase.token.slice(0, 10) + (purchase.token[10] === "A" ? "B" : "A") + purchase.token.slice(11);
  await openLandingSignedIn(page, `${PORTAL_URL}/?token=${encodeURIComponent(tampered)}`, "Alice Anders");
  await expect(page.getByRole("heading", { name: "We couldn't identify this purchase" })).toBeVisible();
  await page.goto(`${PORTAL_URL}/?token=${encodeURIComponent("bm90IGEgcHVyY2hhc2UgdG9rZW4+/w==")}`);
  await expect(page.getByRole("heading", { name: "We couldn't identify this purchase" })).toBeVisible();
  expect(await portalDb.subscription(purchase.subscriptionId)).toBeUndefined();
});

test("a Microsoft outage shows a retry page, writes nothing, and the retry works once Microsoft is back", async ({
  page,
}) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  await sim.fault({ endpoint: "resolve", kind: "error", count: 50 });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  await expect(page.getByRole("heading", { name: "Microsoft is not answering right now" })).toBeVisible({
    timeout: 30_000,
  });
  expect(await portalDb.subscription(purchase.subscriptionId)).toBeUndefined();
  await sim.clearFaults();
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
});

test("if Microsoft fails during activation the buyer is told, nothing is half-done, and confirming again works", async ({
  page,
}) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  await sim.fault({ endpoint: "activate", kind: "error", count: 50 });
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Microsoft is not answering right now" })).toBeVisible({
    timeout: 30_000,
  });
  expect(await portalDb.subscription(purchase.subscriptionId)).toMatchObject({
    status: "PendingFulfillmentStart",
    activatedAt: null,
    activationClaimedAt: null,
  });
  await sim.clearFaults();
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  expect(await activations(purchase.subscriptionId)).toHaveLength(1);
});

test("an account without an e-mail is asked for a contact e-mail, which is validated and stored", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "dana", planId: "basic" });
  await openLandingSignedIn(page, purchase.landingUrl, "Dana Dietrich");
  const email = page.getByLabel("Contact e-mail");
  await email.fill("not an e-mail");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByText("Enter an e-mail address such as name@example.com.")).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  expect((await sim.subscription(purchase.subscriptionId)).saasSubscriptionStatus).toBe("PendingFulfillmentStart");
  await email.fill("it@contoso.example");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  expect((await portalDb.subscription(purchase.subscriptionId))?.buyerDetails).toEqual({
    contactEmail: "it@contoso.example",
  });
});

test("a CSP purchase shows who bought it for whom", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "alice", cspPartnerPersonaId: "carol", planId: "basic" });
  await openLandingSignedIn(page, purchase.landingUrl, "Carol Castillo");
  await expect(page.getByRole("list", { name: "About this purchase" })).toContainText("Bought through a partner");
  const details = page.getByRole("region", { name: "Subscription details" });
  await expect(details.getByText("carol@northwind.example")).toBeVisible();
  await expect(details.getByText("alice@contoso.example")).toBeVisible();
});

test("the whole confirmation works with the keyboard only", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  await expect(page.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
  const company = page.getByLabel(/Company or organization/);
  for (let i = 0; i < 20 && !(await company.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press("Tab");
  await expect(company).toBeFocused();
  await page.keyboard.type("Keyboard Inc");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Confirm and start my subscription" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
});
