import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createApiKey, revokeApiKey } from "@/lib/data/api-keys";
import { syncSubscription } from "@/lib/data/subscription-store";
import type { ApiScope } from "@/lib/domain/api-keys";
import { MSA_TENANT_ID, type SubscriptionState } from "@/lib/domain/subscription";
import { contractChecker } from "@/test/api-contract";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { apiV1Document } from "./document";
import { GET as getEntitlements } from "./entitlements/route";
import { GET as getSubscription } from "./subscriptions/[id]/route";
import { GET as listSubscriptions } from "./subscriptions/route";

// The integration API's routes, called as Next.js calls them, on a real database: every answer (successes
// and refusals) is checked against the OpenAPI document generated from the same schemas.

const PORTAL = "http://localhost:3000";
const contract = contractChecker(apiV1Document(PORTAL));
const owner = { id: randomUUID(), label: "owner@fabrikam.example" };
const keys: Record<"reader" | "entitlementsOnly" | "subscriptionsOnly" | "revoked" | "expired", string> = {} as never;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: Record<string, Handler> = {
  "/api/v1/subscriptions": listSubscriptions,
  "/api/v1/subscriptions/{id}": getSubscription,
  "/api/v1/entitlements": getEntitlements,
};

/** Calls the route of `template` (with `id` for its path) and checks the answer against the document. */
async function call(template: string, init: { key?: string | null; id?: string; query?: string } = {}) {
  const path = template.replace("{id}", encodeURIComponent(init.id ?? ""));
  const key = init.key === undefined ? keys.reader : init.key;
  const request = new Request(`${PORTAL}${path}${init.query ? `?${init.query}` : ""}`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  const params: Record<string, string> = init.id ? { id: init.id } : {};
  const response = await ROUTES[template]!(request, { params: Promise.resolve(params) });
  const headers = response.headers;
  const { status, body } = await contract.check(template, "get", response);
  return { status, headers, body: body as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const T = randomUUID(); // this file's customer tenant
const offer = `offer-${T.slice(0, 8)}`;
const ids: Record<string, string> = {};

async function add(name: string, overrides: Partial<SubscriptionState>, at: Date): Promise<string> {
  const input = subscriptionInput({ name, ...overrides });
  await syncSubscription(input, { actor: { type: "microsoft" }, action: "subscription.synced" }, at);
  // First seen and last changed at `at` (the store writes the clock's time).
  await getDb().$executeRaw`UPDATE "Subscription" SET "createdAt" = ${at}, "updatedAt" = ${at} WHERE id = ${input.id}`;
  ids[name] = input.id;
  return input.id;
}

const mint = async (scopes: ApiScope[], expiresAt: Date | null = null) =>
  (await createApiKey({ name: `test ${scopes.join(" ")}`, scopes, expiresAt }, owner)).key;

beforeAll(async () => {
  keys.reader = await mint(["subscriptions:read", "entitlements:read"]);
  keys.entitlementsOnly = await mint(["entitlements:read"]);
  keys.subscriptionsOnly = await mint(["subscriptions:read"]);
  keys.expired = await mint(["subscriptions:read"], new Date(Date.now() - 1_000));
  const revoked = await createApiKey({ name: "to revoke", scopes: ["subscriptions:read"], expiresAt: null }, owner);
  await revokeApiKey(revoked.record.id, owner);
  keys.revoked = revoked.key;

  const customer = { email: "it@contoso.example", objectId: randomUUID(), tenantId: T };
  const base = Date.parse("2026-11-20T10:00:00Z");
  // Five of one offer, two of them first seen at the same moment (the id breaks the tie).
  for (const [i, [status, planId, quantity, ms]] of (
    [
      ["Subscribed", "pro-seats", 10, 0],
      ["Suspended", "pro-seats", 5, 1_000],
      ["Unsubscribed", "basic", null, 2_000],
      ["PendingFulfillmentStart", "basic", null, 2_000],
      ["Subscribed", "enterprise", 50, 3_000],
    ] as const
  ).entries())
    await add(
      `s${i}`,
      { offerId: offer, status, planId, quantity, beneficiary: customer, isFreeTrial: i === 4 },
      new Date(base + ms),
    );
  // Two personal Microsoft accounts: one tenant id for both.
  for (const person of ["p1", "p2"])
    await add(
      person,
      {
        status: "Subscribed",
        beneficiary: { email: `${person}@outlook.example`, objectId: randomUUID(), tenantId: MSA_TENANT_ID },
      },
      new Date(base),
    );
});
afterAll(async () => {
  await getDb().subscription.deleteMany({ where: { id: { in: Object.values(ids) } } });
});

describe("GET /api/v1/subscriptions/{id}", () => {
  it("answers the portal's own shape", async () => {
    const { status, body } = await call("/api/v1/subscriptions/{id}", { id: ids.s0 });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: ids.s0,
      offerId: offer,
      planId: "pro-seats",
      seats: 10,
      status: "Subscribed",
      entitled: true,
      beneficiary: { tenantId: T, email: "it@contoso.example" },
      term: { startDate: null, endDate: null, unit: "P1M" },
      isTest: false,
      firstSeenAt: "2026-11-20T10:00:00.000Z",
    });
    expect((await call("/api/v1/subscriptions/{id}", { id: ids.s0!.toUpperCase() })).body.id).toBe(ids.s0);
  });

  it("404 for an unknown id, 400 for something that is not one", async () => {
    const missing = await call("/api/v1/subscriptions/{id}", { id: randomUUID() });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(/knows no subscription with this id/);
    const invalid = await call("/api/v1/subscriptions/{id}", { id: "not-a-guid" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([{ in: "path", parameter: "id", detail: expect.stringMatching(/GUID/) }]);
  });
});

describe("GET /api/v1/subscriptions", () => {
  it("pages through with the cursor, newest first, none twice, none missed", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `offerId=${offer}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const { status, body } = await call("/api/v1/subscriptions", { query });
      expect(status).toBe(200);
      seen.push(...body.data.map((s: { name: string }) => s.name));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    const tied = [ids.s2!, ids.s3!].sort().map((id) => (id === ids.s2 ? "s2" : "s3"));
    expect(seen).toEqual(["s4", ...tied, "s1", "s0"]);
  });

  it("filters by status, plan, tenant and time of change", async () => {
    const names = async (query: string) =>
      (await call("/api/v1/subscriptions", { query })).body.data.map((s: { name: string }) => s.name).sort();
    expect(await names(`offerId=${offer}&status=Subscribed`)).toEqual(["s0", "s4"]);
    expect(await names(`offerId=${offer}&planId=basic`)).toEqual(["s2", "s3"]);
    expect(await names(`tenantId=${T.toUpperCase()}`)).toEqual(["s0", "s1", "s2", "s3", "s4"]);
    expect(await names(`offerId=${offer}&updatedSince=2026-11-20T10:00:02.500Z`)).toEqual(["s4"]);
    expect(await names(`offerId=${offer}&updatedSince=2026-11-20T11:00:02%2B01:00`)).toEqual(["s2", "s3", "s4"]);
  });

  it("refuses unknown, repeated and malformed parameters, naming each", async () => {
    const { status, body } = await call("/api/v1/subscriptions", {
      query: "stauts=Subscribed&limit=0&cursor=bm9wZQ&status=A&status=B",
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        {
          in: "query",
          parameter: "stauts",
          detail: expect.stringMatching(
            /check its spelling \(accepted: status, offerId, planId, tenantId, updatedSince/,
          ),
        },
        { in: "query", parameter: "limit", detail: "Give a whole number from 1 to 200." },
        { in: "query", parameter: "cursor", detail: expect.stringMatching(/Not a cursor of this API/) },
        { in: "query", parameter: "status", detail: "Give this parameter once." },
      ]),
    );
  });
});

describe("GET /api/v1/entitlements", () => {
  it("a tenant's subscriptions, those that give access first", async () => {
    const { status, body } = await call("/api/v1/entitlements", { query: `tenantId=${T}` });
    expect(status).toBe(200);
    expect(body).toMatchObject({ tenantId: T, objectId: null, entitled: true, truncated: false });
    const list = body.entitlements as { subscriptionId: string; entitled: boolean; planId: string }[];
    expect(list.map((e) => e.subscriptionId)).toEqual([ids.s4, ids.s0, ...[ids.s2, ids.s3].sort(), ids.s1]);
    expect(list.map((e) => e.entitled)).toEqual([true, true, false, false, false]);
    expect(body.entitlements[0]).toMatchObject({ planId: "enterprise", seats: 50, isFreeTrial: true, isTest: false });
  });

  it("personal accounts: the person's own, and the object id is required", async () => {
    const refused = await call("/api/v1/entitlements", { query: `tenantId=${MSA_TENANT_ID}` });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { in: "query", parameter: "objectId", detail: expect.stringMatching(/personal Microsoft accounts/) },
    ]);
    const p1 = (await getDb().subscription.findUniqueOrThrow({ where: { id: ids.p1 } })).beneficiaryObjectId!;
    const { body } = await call("/api/v1/entitlements", { query: `tenantId=${MSA_TENANT_ID}&objectId=${p1}` });
    expect(body.entitlements.map((e: { subscriptionId: string }) => e.subscriptionId)).toEqual([ids.p1]);
  });

  it("an unknown tenant is not entitled; a missing tenant id is refused", async () => {
    const { body } = await call("/api/v1/entitlements", { query: `tenantId=${randomUUID()}` });
    expect(body).toMatchObject({ entitled: false, entitlements: [], truncated: false });
    const missing = await call("/api/v1/entitlements", { query: "" });
    expect(missing.body.errors).toEqual([{ in: "query", parameter: "tenantId", detail: "Required." }]);
  });
});

describe("keys", () => {
  const expectRefusal = async (key: string | null, status: number, challenge: RegExp, detail: RegExp) => {
    const res = await call("/api/v1/subscriptions/{id}", { key, id: ids.s0 });
    expect(res.status).toBe(status);
    expect(res.headers.get("www-authenticate")).toMatch(challenge);
    expect(res.body.detail).toMatch(detail);
    expect(res.body.type).toBe(`${PORTAL}/docs/problems/${status === 401 ? "unauthenticated" : "insufficient-scope"}`);
  };

  it("401 without a key or with a wrong, revoked or expired one; 403 without the scope", async () => {
    await expectRefusal(null, 401, /^Bearer realm="api"$/, /Send an API key .* Admin → API keys/);
    const invalid = /^Bearer realm="api", error="invalid_token"$/;
    await expectRefusal("something-else", 401, invalid, /not an API key of this portal/);
    await expectRefusal(`${keys.reader.slice(0, -4)}AAAA`, 401, invalid, /not known here/);
    await expectRefusal(keys.revoked, 401, invalid, /was revoked\. Use another key/);
    await expectRefusal(keys.expired, 401, invalid, /expired at .*Use a new key/);
    await expectRefusal(
      keys.entitlementsOnly,
      403,
      /^Bearer realm="api", error="insufficient_scope", scope="subscriptions:read"$/,
      /does not have the scope subscriptions:read/,
    );
  });

  it.each([
    ["/api/v1/subscriptions", "", "entitlementsOnly"],
    ["/api/v1/subscriptions/{id}", "", "entitlementsOnly"],
    ["/api/v1/entitlements", `tenantId=${T}`, "subscriptionsOnly"],
  ] as const)(
    "%s: 401 without a key, 403 without its scope, before its input is read",
    async (template, query, other) => {
      const id = randomUUID();
      expect((await call(template, { key: null, id, query: `${query}&unknown=1` })).status).toBe(401);
      expect((await call(template, { key: keys[other], id, query: `${query}&unknown=1` })).status).toBe(403);
    },
  );

  it("a revocation holds from the next call on", async () => {
    const { key, record } = await createApiKey(
      { name: "short-lived", scopes: ["entitlements:read"], expiresAt: null },
      owner,
    );
    expect((await call("/api/v1/entitlements", { key, query: `tenantId=${T}` })).status).toBe(200);
    await revokeApiKey(record.id, owner);
    expect((await call("/api/v1/entitlements", { key, query: `tenantId=${T}` })).status).toBe(401);
  });

  it("uses are written at most once a minute: lastUsedAt, and refused uses on the event feed", async () => {
    const { key, record } = await createApiKey(
      { name: "counted", scopes: ["entitlements:read"], expiresAt: null },
      owner,
    );
    const lastUsed = async () => (await getDb().apiKey.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await call("/api/v1/entitlements", { key, query: `tenantId=${T}` });
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await call("/api/v1/entitlements", { key, query: `tenantId=${T}` });
    expect(await lastUsed()).toEqual(first);

    for (let i = 0; i < 3; i++) await call("/api/v1/subscriptions/{id}", { key, id: ids.s0 });
    const events = await getDb().event.findMany({
      where: { subjectType: "api_key", subjectId: record.id },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual(["api_key.created", "api_key.refused"]);
    expect(events[1]!.after).toMatchObject({
      reason: "without subscriptions:read",
      path: `/api/v1/subscriptions/${ids.s0}`,
    });
    expect(JSON.stringify(events.map((e) => [e.before, e.after]))).not.toContain(key.slice(17));
  });
});

it("every documented answer but the 500 was met and matched the document", () => {
  // Routes with a test file of their own (provisioning answers, usage, event endpoints) are checked there.
  const here = contract.documented().filter((c) => Object.keys(ROUTES).some((path) => c.split(" ")[1] === path));
  expect(here.filter((c) => !contract.checked().includes(c))).toEqual([
    "get /api/v1/entitlements 500",
    "get /api/v1/subscriptions 500",
    "get /api/v1/subscriptions/{id} 500",
  ]);
});
