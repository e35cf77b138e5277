import { expect, test, type Page } from "@playwright/test";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { portalDb, query } from "./support/portal-db";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL, RECEIVER_URL } from "./test-env";

/**
 * The signed hand-off through the real servers: the portal (npm start) mints the token when the buyer clicks,
 * the reference receiver (examples/receiver, the ISV's app) verifies it against the portal's
 * /.well-known/jwks.json and shows what it received.
 */

/** Buys in the simulator, signs in as Alice, confirms: ends on the portal's confirmation with "Open the app". */
async function buyAndConfirm(page: Page, input: { planId: string; quantity?: number }) {
  const purchase = await sim.purchase({ personaId: "alice", ...input });
  await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await signInAs(page, "Alice Anders");
  await page.getByLabel(/Company or organization/).fill("Contoso Ltd");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  return purchase.subscriptionId;
}

/** Clicks "Open the app" and returns the token the portal signed at that click, as it left for the receiver. */
async function openApp(page: Page): Promise<string> {
  const started = page.waitForRequest((r) => r.url().startsWith(`${RECEIVER_URL}/start`));
  await page.getByRole("link", { name: "Open the app" }).click();
  return new URL((await started).url()).searchParams.get("token")!;
}

/** The link's target without following it (the same session's cookies): a token the receiver has not used. */
async function unusedToken(page: Page): Promise<string> {
  const href = await page.getByRole("link", { name: "Open the app" }).getAttribute("href");
  const response = await page.request.get(`${PORTAL_URL}${href}`, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers()["cache-control"]).toBe("no-store");
  return new URL(response.headers()["location"]!).searchParams.get("token")!;
}

test("Open the app: the receiver verifies the portal's signed hand-off and shows the subscription and plan", async ({
  page,
}) => {
  const subscriptionId = await buyAndConfirm(page, { planId: "pro-seats", quantity: 7 });
  // The page's link carries no token: it is minted at the click, so a buyer who reads first loses no lifetime.
  expect(await page.getByRole("link", { name: "Open the app" }).getAttribute("href")).not.toContain("token");
  const renderedAt = Math.floor(Date.now() / 1000);
  await page.waitForTimeout(2_000);
  const token = await openApp(page);
  const stored = await portalDb.subscription(subscriptionId);
  const [alice] = await query<{ tenantId: string; objectId: string }>(
    `SELECT "tenantId", "objectId" FROM "User" WHERE email = 'alice@contoso.example'`,
  );
  expect(stored?.beneficiaryTenantId).toBeTruthy();
  const claims = decodeJwt(token);
  expect(claims).toMatchObject({
    iss: PORTAL_URL,
    aud: RECEIVER_URL,
    sub: subscriptionId,
    // Who clicked, as in Entra's own tokens; the beneficiary (whom to provision) beside it.
    tid: alice?.tenantId,
    oid: alice?.objectId,
    beneficiary: { tid: stored?.beneficiaryTenantId, oid: stored?.beneficiaryObjectId },
    offer: "fabrikam-cloud",
    plan: "pro-seats",
    seats: 7,
    buyer: { companyName: "Contoso Ltd" },
  });
  expect(claims.iat!).toBeGreaterThanOrEqual(renderedAt + 2);

  await expect(page).toHaveURL(`${RECEIVER_URL}/welcome`);
  await expect(page.getByRole("heading", { name: "Your subscription is ready" })).toBeVisible();
  const shown = page.getByRole("definition");
  await expect(shown.filter({ hasText: subscriptionId })).toHaveCount(1);
  await expect(shown.filter({ hasText: /^pro-seats$/ })).toHaveCount(1);
  await expect(shown.filter({ hasText: /^7$/ })).toHaveCount(1);
  await expect(shown.filter({ hasText: "Contoso Ltd" })).toHaveCount(1);

  // A second visit with the same link is refused (each token opens the app once) ...
  const again = await page.goto(`${RECEIVER_URL}/start?subscription=${subscriptionId}&token=${token}`);
  expect(again?.status()).toBe(401);
  await expect(page.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  // ... and another click on the portal's page mints a fresh one, which opens the app again.
  await page.goto(`${PORTAL_URL}/landing/done?subscription=${subscriptionId}`);
  expect(await openApp(page)).not.toBe(token);
  await expect(page.getByRole("heading", { name: "Your subscription is ready" })).toBeVisible();
});

test("the receiver refuses a changed token, one for another subscription, and a made-up one, with a clear page", async ({
  page,
}) => {
  const subscriptionId = await buyAndConfirm(page, { planId: "basic" });
  const token = await unusedToken(page);
  const [header, payload, signature] = token.split(".");
  const claims = { ...decodeJwt(token), plan: "enterprise" };
  const changed = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
  expect(payload).not.toBe(changed.split(".")[1]);

  for (const url of [
    `${RECEIVER_URL}/start?subscription=${subscriptionId}&token=${changed}`,
    `${RECEIVER_URL}/start?subscription=00000000-0000-4000-8000-000000000000&token=${token}`,
    `${RECEIVER_URL}/start?token=not.a.token`,
  ]) {
    expect((await page.goto(url))?.status()).toBe(401);
    await expect(page.getByRole("heading", { name: "This link could not be verified" })).toBeVisible();
  }
});

test("the portal publishes its public keys only, cacheable, and signs with one of them", async ({
  page,
  request,
  browser,
}) => {
  const subscriptionId = await buyAndConfirm(page, { planId: "basic" });
  const response = await request.get(`${PORTAL_URL}/.well-known/jwks.json`);
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toMatch(/^public, max-age=\d+/);
  const body = await response.text();
  expect(body).not.toMatch(/"d"/);
  const { keys } = JSON.parse(body) as { keys: Record<string, string>[] };
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
  expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(await openApp(page)).kid);

  // Someone outside the purchase gets no page, so no token (Bob is a personal account, not Contoso).
  const bob = await signedInPage(browser, "Bob Brown", `/landing/done?subscription=${subscriptionId}`);
  expect((await bob.reload())?.status()).toBe(404);
  await expect(bob.getByRole("link", { name: "Open the app" })).toHaveCount(0);
  expect((await bob.goto(`${PORTAL_URL}/landing/open-app?subscription=${subscriptionId}`))?.status()).toBe(404);
});
