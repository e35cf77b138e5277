import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { RESOLVE_LIMITS } from "../lib/landing/resolve-limits";
import { portalDb } from "./support/portal-db";
import { signInAs } from "./support/sign-in";
import { sim, simControl } from "./support/simulator";
import { PORTAL_LOG, PORTAL_URL } from "./test-env";

// The landing page against input it must not trust: answers Microsoft should never send, people outside
// the purchase, malformed URLs and floods of made-up tokens. The portal runs with its defaults
// (LANDING_TENANT_MISMATCH=refuse).

test.afterEach(async () => {
  await sim.clearFaults();
  await simControl("DELETE", "/resolve-answers");
});

const CONFIRM = "Confirm and start my subscription";
const landingUrlOf = (url: string) => url.replace(/^http:\/\/localhost:\d+/, PORTAL_URL);
const rewriteResolve = (body: {
  set?: Record<string, unknown>;
  subscription?: Record<string, unknown>;
  count?: number;
}) => simControl("POST", "/resolve-answers", body);
const resolveCalls = async () =>
  (await simControl<{ total: Record<string, number> }>("GET", "/calls")).total.resolve ?? 0;

async function openLandingSignedIn(page: Page, landingUrl: string, persona: string) {
  await page.goto(landingUrlOf(landingUrl));
  await signInAs(page, persona);
}

/** Signs in as an ad-hoc user of the simulator's Entra (the domain picks the tenant: outlook.example = personal accounts). */
async function signInWithEmail(page: Page, email: string) {
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.getByLabel("E-mail address").fill(email);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function confirmAs(page: Page, landingUrl: string, persona: string) {
  await openLandingSignedIn(page, landingUrl, persona);
  await page.getByRole("button", { name: CONFIRM }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
}

test("item 8: a flat-rate plan is activated without a quantity, even when Microsoft's answer names one", async ({
  page,
}) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  // What decides is the plan's isPricePerSeat, not whether a quantity came along (the page and the confirmation each resolve once).
  await rewriteResolve({ set: { quantity: 1 }, subscription: { quantity: 1 }, count: 2 });
  await confirmAs(page, purchase.landingUrl, "Alice Anders");
  expect((await sim.subscription(purchase.subscriptionId)).saasSubscriptionStatus).toBe("Subscribed");
  expect((await sim.callsFor(purchase.subscriptionId)).activate).toBe(1);
});

test("item 8: when the plan cannot be read, Activate goes without a quantity (Microsoft keeps the purchased one)", async ({
  page,
}) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  await rewriteResolve({ set: { quantity: 1 }, subscription: { quantity: 1 }, count: 2 });
  await sim.fault({ endpoint: "listAvailablePlans", kind: "error", count: 50 });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  await page.getByRole("button", { name: CONFIRM }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible({ timeout: 45_000 });
  expect((await sim.subscription(purchase.subscriptionId)).saasSubscriptionStatus).toBe("Subscribed");
});

const MALFORMED: [string, { set: Record<string, unknown>; subscription: Record<string, unknown> }][] = [
  ["a subscription id that is not a GUID", { set: { id: "not-a-guid" }, subscription: { id: "not-a-guid" } }],
  ["no plan", { set: { planId: null }, subscription: { planId: null } }],
  ["no offer", { set: { offerId: null }, subscription: { offerId: null } }],
];
for (const [what, rewrite] of MALFORMED) {
  test(`item 9: a Resolve answer with ${what} shows "this purchase link is not valid", stores nothing and offers no Confirm`, async ({
    page,
  }) => {
    const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
    await rewriteResolve({ ...rewrite, count: 1 });
    await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
    await expect(page.getByRole("heading", { name: "This purchase link is not valid" })).toBeVisible();
    await expect(page.getByText("Configure Account")).toBeVisible();
    await expect(page.getByRole("button", { name: CONFIRM })).toHaveCount(0);
    expect(await portalDb.subscription(purchase.subscriptionId)).toBeUndefined();
    expect(await portalDb.subscription("not-a-guid")).toBeUndefined();
  });
}

test("item 11: the welcome page names the plan by its display name, as the confirm page does", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "ben", planId: "pro-seats", quantity: 6 });
  await confirmAs(page, purchase.landingUrl, "Ben Brandt");
  await expect(page.getByText("Professional (per user)", { exact: true })).toBeVisible();
  await expect(page.getByText("pro-seats", { exact: true })).toHaveCount(0);
});

test("item 13: someone of another tenant holding Contoso's link is refused, sees no purchase details, and staff see the attempt", async ({
  page,
}) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 8 });
  await openLandingSignedIn(page, purchase.landingUrl, "Carol Castillo");
  await expect(page.getByRole("heading", { name: "This purchase belongs to another organization" })).toBeVisible();
  await expect(page.getByRole("button", { name: CONFIRM })).toHaveCount(0);
  await expect(page.getByText("alice@contoso.example")).toHaveCount(0);
  expect((await sim.subscription(purchase.subscriptionId)).saasSubscriptionStatus).toBe("PendingFulfillmentStart");
  expect((await sim.callsFor(purchase.subscriptionId)).activate).toBeUndefined();
  const audit = await portalDb.audit(purchase.subscriptionId);
  expect(audit.filter((a) => a.action === "subscription.activation-refused")).toEqual([
    expect.objectContaining({
      actorType: "user",
      actorLabel: "carol@northwind.example",
      after: expect.objectContaining({ signedInTenantId: "c0ffee00-0000-4000-8000-00000000c002", policy: "refuse" }),
    }),
  ]);
  // What to do next works: sign in with an account of the buying organization.
  await page.getByRole("button", { name: "Sign in with another account" }).click();
  await page.getByRole("button", { name: /Alice Anders/ }).click();
  await expect(page.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
});

test("items 13 and 14: a personal account is not part of another personal account's purchase, although both share one tenant id", async ({
  page,
  browser,
}) => {
  const purchase = await sim.purchase({ personaId: "bob", planId: "basic" });
  await confirmAs(page, purchase.landingUrl, "Bob Brown");
  const done = page.url();

  const other = await (await browser.newContext()).newPage();
  await other.goto(landingUrlOf(purchase.landingUrl));
  await signInWithEmail(other, `eve-${randomUUID().slice(0, 8)}@outlook.example`);
  await expect(other.getByRole("heading", { name: "This purchase belongs to another organization" })).toBeVisible();
  // Bob's welcome page is his alone.
  await other.goto(done);
  await expect(other.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(other.getByText("Welcome aboard")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
});

test("item 16: repeated query parameters on the landing and welcome pages are redirected to a clear page and logged, never a 500", async ({
  page,
}) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "basic" });
  await openLandingSignedIn(page, purchase.landingUrl, "Alice Anders");
  await expect(page.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
  const token = encodeURIComponent(purchase.token);
  for (const path of [
    `/?token=${token}&token=${token}x`,
    `/landing?token=a&token=b`,
    `/landing/done?subscription=${purchase.subscriptionId}&subscription=b`,
  ]) {
    const requestId = randomUUID();
    const response = await page.request.get(`${PORTAL_URL}${path}`, {
      maxRedirects: 0,
      headers: { "x-request-id": requestId },
    });
    expect(response.status(), path).toBe(307);
    expect(response.headers().location, path).toMatch(/^\/landing\/invalid-link$/);
    await expect
      .poll(() =>
        fs
          .readFileSync(PORTAL_LOG, "utf8")
          .split("\n")
          .some((l) => l.includes(requestId) && l.includes("repeated query parameter")),
      )
      .toBe(true);
  }
  await page.goto(`${PORTAL_URL}/landing/done?subscription=a&subscription=b`);
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  await expect(page.getByText("Configure account")).toBeVisible();
  expect(fs.readFileSync(PORTAL_LOG, "utf8")).not.toContain(purchase.token);
  // A value that cannot be a subscription id (a NUL would reach PostgreSQL and fail the query) is not found.
  for (const value of ["a%00b", "not-a-subscription"]) {
    const response = await page.request.get(`${PORTAL_URL}/landing/done?subscription=${value}`, { maxRedirects: 0 });
    expect(response.status(), value).toBe(404);
  }
});

test("item 19: made-up tokens are limited per user (the next one is not sent to Microsoft) and a refused token is never resolved twice", async ({
  page,
}) => {
  const token = () => randomBytes(90).toString("base64");
  await page.goto(`${PORTAL_URL}/?token=${encodeURIComponent(token())}`);
  await signInWithEmail(page, `flood-${randomUUID().slice(0, 8)}@contoso.example`);
  await expect(page.getByRole("heading", { name: "We couldn't identify this purchase" })).toBeVisible();

  const first = token();
  let before = await resolveCalls();
  await page.goto(`${PORTAL_URL}/?token=${encodeURIComponent(first)}`);
  await expect(page.getByRole("heading", { name: "We couldn't identify this purchase" })).toBeVisible();
  expect(await resolveCalls()).toBe(before + 1);
  await page.goto(`${PORTAL_URL}/?token=${encodeURIComponent(first)}`);
  await expect(page.getByRole("heading", { name: "We couldn't identify this purchase" })).toBeVisible();
  expect(await resolveCalls(), "a refused token is remembered").toBe(before + 1);

  // Two refused so far; the rest of the allowance reaches Microsoft, the next one does not.
  for (let i = 2; i < RESOLVE_LIMITS.refusedPerWindow; i++) {
    before = await resolveCalls();
    await page.goto(`${PORTAL_URL}/?token=${encodeURIComponent(token())}`);
    await expect(page.getByRole("heading", { name: "We couldn't identify this purchase" })).toBeVisible();
    expect(await resolveCalls()).toBe(before + 1);
  }
  before = await resolveCalls();
  await page.goto(`${PORTAL_URL}/?token=${encodeURIComponent(token())}`);
  await expect(page.getByRole("heading", { name: "Too many purchase links checked" })).toBeVisible();
  await expect(page.getByText(/Wait \d+ minutes?, then try again/)).toBeVisible();
  expect(await resolveCalls(), "the call over the limit is not sent to Microsoft").toBe(before);
});
