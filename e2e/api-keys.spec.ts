import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { insertKey } from "./support/api-keys";
import { query } from "./support/portal-db";
import { insertSubscriptions } from "./support/list-subscriptions";
import { signedInPage } from "./support/sign-in";
import { PORTAL_LOG, PORTAL_URL } from "./test-env";

/**
 * The integration API's keys through the real server (`npm start`, which runs `next start`): a good key, a
 * revoked one, an expired one, one without the scope and none at all, each answered with its status, an
 * RFC 9457 body and a Bearer challenge; and an owner's journey on Admin → API keys.
 */

const TENANT = "c0ffee00-0000-4000-8000-00000000c001"; // insertSubscriptions' beneficiary tenant

const get = (request: APIRequestContext, path: string, key?: string) =>
  request.get(path, key ? { headers: { authorization: `Bearer ${key}` } } : {});

async function expectRefusal(response: APIResponse, status: 401 | 403, challenge: RegExp, detail: RegExp) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toBe("application/problem+json");
  expect(response.headers()["www-authenticate"]).toMatch(challenge);
  const body = await response.json();
  expect(body).toMatchObject({
    type: `${PORTAL_URL}/docs/problems/${status === 401 ? "unauthenticated" : "insufficient-scope"}`,
    status,
    title: expect.any(String),
  });
  expect(body.detail).toMatch(detail);
  expect(body.requestId).toBe(response.headers()["x-request-id"]);
}

test("API keys on the real server: good, revoked, expired, under-scoped and missing", async ({ request }) => {
  const [id] = await insertSubscriptions([{ name: "API e2e check", status: "Subscribed", quantity: 7 }]);
  const keys = {
    good: await insertKey(["subscriptions:read", "entitlements:read"]),
    revoked: await insertKey(["subscriptions:read"], { revoked: true }),
    expired: await insertKey(["subscriptions:read"], { expired: true }),
    entitlementsOnly: await insertKey(["entitlements:read"]),
  };
  try {
    const path = `/api/v1/subscriptions/${id}`;
    const ok = await get(request, path, keys.good);
    expect(ok.status()).toBe(200);
    expect(ok.headers()["cache-control"]).toBe("no-store");
    expect(await ok.json()).toMatchObject({ id, status: "Subscribed", entitled: true, seats: 7 });
    const entitlements = await get(request, `/api/v1/entitlements?tenantId=${TENANT}`, keys.good);
    expect(await entitlements.json()).toMatchObject({ tenantId: TENANT, entitled: true });

    const invalid = /^Bearer realm="api", error="invalid_token"$/;
    await expectRefusal(await get(request, path), 401, /^Bearer realm="api"$/, /Send an API key/);
    await expectRefusal(await get(request, path, keys.revoked), 401, invalid, /was revoked/);
    await expectRefusal(await get(request, path, keys.expired), 401, invalid, /expired at/);
    await expectRefusal(await get(request, path, `${keys.good.slice(0, -1)}x`), 401, invalid, /not known here/);
    await expectRefusal(
      await get(request, path, keys.entitlementsOnly),
      403,
      /error="insufficient_scope", scope="subscriptions:read"/,
      /does not have the scope subscriptions:read/,
    );

    // Unknown input is refused, naming what is accepted; only after the key was checked.
    const misspelt = await get(request, `/api/v1/subscriptions?stauts=Subscribed`, keys.good);
    expect(misspelt.status()).toBe(400);
    expect((await misspelt.json()).errors).toEqual([
      expect.objectContaining({ in: "query", parameter: "stauts", detail: expect.stringMatching(/accepted: status,/) }),
    ]);
    expect((await get(request, `/api/v1/subscriptions?stauts=Subscribed`)).status()).toBe(401);

    // The document and its reference page are served, and name the operations.
    const document = await (await request.get("/api/v1/openapi.json")).json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/api/v1/subscriptions", "/api/v1/subscriptions/{id}", "/api/v1/entitlements"]),
    );

    // The keys never reach the log (their prefixes may).
    await expect.poll(() => fs.readFileSync(PORTAL_LOG, "utf8")).toContain("insufficient-scope");
    const log = fs.readFileSync(PORTAL_LOG, "utf8");
    for (const key of Object.values(keys)) expect(log.includes(key.slice(17)), "a key's secret in the log").toBe(false);
  } finally {
    await query(`DELETE FROM "Subscription" WHERE id = $1`, [id]);
  }
});

test("an owner creates a key, sees it once, the key works, and is refused once revoked", async ({ browser }) => {
  const owner = await signedInPage(browser, "Olivia Owens", "/admin/api-keys");
  await expect(owner.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  const name = `Billing service ${randomUUID().slice(0, 6)}`;
  await owner.getByLabel("Name").fill(name);
  await owner.getByRole("checkbox", { name: /subscriptions:read/ }).check();
  await owner.getByLabel("Expires").selectOption("30");
  await owner.getByRole("button", { name: "Create key" }).click();
  await expect(owner.getByText(/it is shown only this once/)).toBeVisible();
  const key = await owner.getByLabel("The new API key").inputValue();
  expect((await new AxeBuilder({ page: owner }).analyze()).violations.map((v) => v.id)).toEqual([]);
  expect(key).toMatch(/^mkp_[0-9a-f]{12}_[\w-]{43}$/);

  const row = owner.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, 16));
  await expect(row).toContainText("entitlements:read, subscriptions:read");
  await expect(row).toContainText("Active");

  const api = owner.request;
  const call = () =>
    api.get(`${PORTAL_URL}/api/v1/entitlements?tenantId=${TENANT}`, { headers: { authorization: `Bearer ${key}` } });
  expect((await call()).status()).toBe(200);

  // Shown once: after a reload the page has only its prefix, and its last use.
  await owner.reload();
  await expect(owner.getByLabel("The new API key")).toHaveCount(0);
  expect(await owner.content()).not.toContain(key.slice(17));
  await expect(row.getByRole("cell").nth(5)).toContainText("UTC");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByRole("button", { name: `Yes, revoke ${name}` }).click();
  await expect(row).toContainText("Revoked");
  const refused = await call();
  expect(refused.status()).toBe(401);
  expect((await refused.json()).detail).toMatch(/was revoked/);

  // Others than owners do not see the page.
  const viewer = await signedInPage(browser, "Victor Vance", "/admin/api-keys");
  await expect(viewer.getByRole("heading", { name: "This page needs the owner role" })).toBeVisible();
});

test("the reference page renders the document without loading anything from elsewhere", async ({ page }) => {
  const outside: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(PORTAL_URL)) outside.push(r.url());
  });
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: /integration API/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /\/api\/v1\/entitlements/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Subscription", exact: true })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  expect(outside).toEqual([]);
});
