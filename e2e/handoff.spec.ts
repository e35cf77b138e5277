import { expect, test, type Page } from "@playwright/test";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { portalDb } from "./support/portal-db";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL, RECEIVER_URL } from "./test-env";

/**
 * The signed hand-off through the real servers: the portal (npm start) mints the token when the page renders,
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

const tokenOf = async (page: Page) =>
  new URL((await page.getByRole("link", { name: "Open the app" }).getAttribute("href"))!).searchParams.get("token")!;

test("Open the app: the receiver verifies the portal's signed hand-off and shows the subscription and plan", async ({
  page,
}) => {
  const subscriptionId = await buyAndConfirm(page, { planId: "pro-seats", quantity: 7 });
  const token = await tokenOf(page);
  const stored = await portalDb.subscription(subscriptionId);
  expect(stored?.beneficiaryTenantId).toBeTruthy();
  expect(decodeJwt(token)).toMatchObject({
    iss: PORTAL_URL,
    aud: RECEIVER_URL,
    sub: subscriptionId,
    tid: stored?.beneficiaryTenantId,
    oid: stored?.beneficiaryObjectId,
    offer: "fabrikam-cloud",
    plan: "pro-seats",
    seats: 7,
    buyer: { companyName: "Contoso Ltd" },
  });

  await page.getByRole("link", { name: "Open the app" }).click();
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
  // ... and reloading the portal's page mints a fresh one, which opens the app again.
  await page.goto(`${PORTAL_URL}/landing/done?subscription=${subscriptionId}`);
  expect(await tokenOf(page)).not.toBe(token);
  await page.getByRole("link", { name: "Open the app" }).click();
  await expect(page.getByRole("heading", { name: "Your subscription is ready" })).toBeVisible();
});

test("the receiver refuses a changed token, one for another subscription, and a made-up one, with a clear page", async ({
  page,
}) => {
  const subscriptionId = await buyAndConfirm(page, { planId: "basic" });
  const token = await tokenOf(page);
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
  expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(await tokenOf(page)).kid);

  // Someone outside the purchase gets no page, so no token (Bob is a personal account, not Contoso).
  const bob = await signedInPage(browser, "Bob Brown", `/landing/done?subscription=${subscriptionId}`);
  expect((await bob.reload())?.status()).toBe(404);
  await expect(bob.getByRole("link", { name: "Open the app" })).toHaveCount(0);
});
