// Fault injection: 429/500/hang on every endpoint, webhook drop/duplicate/reorder, early token expiry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FULFILLMENT, MARKETPLACE, PUBLISHER_TENANT, eventually, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ackWindowMs: 200 });
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
  h.hooks.calls.length = 0;
});

const SUB = "00000000-0000-4000-8000-000000000000";
const API_CALLS: Record<string, [string, string]> = {
  resolve: ["POST", "/saas/subscriptions/resolve"],
  activate: ["POST", `/saas/subscriptions/${SUB}/activate`],
  get: ["GET", `/saas/subscriptions/${SUB}`],
  list: ["GET", "/saas/subscriptions"],
  listAvailablePlans: ["GET", `/saas/subscriptions/${SUB}/listAvailablePlans`],
  patch: ["PATCH", `/saas/subscriptions/${SUB}`],
  delete: ["DELETE", `/saas/subscriptions/${SUB}`],
  getOperation: ["GET", `/saas/subscriptions/${SUB}/operations/${SUB}`],
  patchOperation: ["PATCH", `/saas/subscriptions/${SUB}/operations/${SUB}`],
  listOperations: ["GET", `/saas/subscriptions/${SUB}/operations`],
  usageEvent: ["POST", "/usageEvent"],
  batchUsageEvent: ["POST", "/batchUsageEvent"],
  usageEvents: ["GET", "/usageEvents"],
};

const tokenRequest = async (): Promise<Response> =>
  h.fetch(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: FULFILLMENT.id, client_secret: FULFILLMENT.secret, scope: `${MARKETPLACE}/.default` }).toString(),
  });

describe("endpoint faults", () => {
  it.each(Object.entries(API_CALLS))("%s: the next N calls answer 429 with Retry-After, then normal service resumes", async (endpoint, [method, path]) => {
    await h.token();
    const added = await h.control("POST", "/faults", { endpoint, kind: "throttle", count: 2, retryAfterSeconds: 7 });
    expect(added.status).toBe(201);
    const options = method === "POST" || method === "PATCH" ? { body: {} } : {};
    for (let i = 0; i < 2; i++) {
      const res = await h.api(method, path, options);
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("7");
      expect(res.json()).toEqual({ statusCode: 429, message: "Rate limit is exceeded. Try again in 7 seconds." });
      expect(res.headers.get("x-ms-requestid")).toBeTruthy();
    }
    const after = await h.api(method, path, options);
    expect(after.status).not.toBe(429);
  });

  it("answers 500 with the spec's FulfillmentInternalServerErrorResponse", async () => {
    await h.control("POST", "/faults", { endpoint: "get", kind: "error" });
    const res = await h.api("GET", `/saas/subscriptions/${SUB}`);
    expect(res.status).toBe(500);
    expect(h.contract.validateSchema("saas", "FulfillmentInternalServerErrorResponse", res.json())).toEqual([]);
    expect(res.json()).toHaveProperty("error.code", "InternalServerError");
    expect((await h.api("GET", `/saas/subscriptions/${SUB}`)).status).toBe(404);
  });

  it("hangs for the given time, then answers normally", async () => {
    await h.control("POST", "/faults", { endpoint: "list", kind: "hang", hangMs: 300 });
    const started = Date.now();
    const res = await h.api("GET", "/saas/subscriptions");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
  });

  it("applies to the token endpoint with Entra-shaped errors", async () => {
    await h.control("POST", "/faults", { endpoint: "token", kind: "throttle", retryAfterSeconds: 3 });
    await h.control("POST", "/faults", { endpoint: "token", kind: "error" });
    const throttled = await tokenRequest();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(((await throttled.json()) as { error: string }).error).toBe("temporarily_unavailable");
    const failed = await tokenRequest();
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { error: string }).error).toBe("server_error");
    expect((await tokenRequest()).status).toBe(200);
  });

  it("lists, removes and clears faults; refuses unknown endpoints", async () => {
    const a = await h.control<{ id: string }>("POST", "/faults", { endpoint: "get", kind: "error", count: 5 });
    await h.control("POST", "/faults/webhooks", { kind: "drop" });
    expect((await h.control<{ endpoints: unknown[]; webhooks: unknown[] }>("GET", "/faults")).body.endpoints).toHaveLength(1);
    expect((await h.control("DELETE", `/faults/${a.body.id}`)).status).toBe(200);
    expect((await h.control<{ endpoints: unknown[] }>("GET", "/faults")).body.endpoints).toHaveLength(0);
    await h.control("DELETE", "/faults");
    expect((await h.control<{ webhooks: unknown[] }>("GET", "/faults")).body.webhooks).toHaveLength(0);
    expect((await h.control("POST", "/faults", { endpoint: "nope", kind: "error" })).status).toBe(400);
  });
});

describe("webhook faults", () => {
  type Delivery = { state: string; fault?: string; attempts: unknown[]; copyOf?: string };

  it("drops the next delivery: never sent, logged, the change is still auto-accepted", async () => {
    await h.control("POST", "/faults/webhooks", { kind: "drop" });
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.control("POST", `/subscriptions/${id}/change-plan`, { planId: "metered" });
    await eventually(async () => ((await h.api("GET", `/saas/subscriptions/${id}`)).json().planId === "metered" ? true : undefined));
    expect(h.hooks.calls).toHaveLength(0);
    const log = (await h.control<{ deliveries: Delivery[] }>("GET", "/webhooks")).body.deliveries;
    expect(log[0]).toMatchObject({ state: "dropped", fault: "drop", attempts: [] });
  });

  it("duplicates the next delivery", async () => {
    await h.control("POST", "/faults/webhooks", { kind: "duplicate" });
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
    const calls = await h.hooks.waitFor(2);
    expect(calls[0]?.body).toEqual(calls[1]?.body);
    const log = (await h.control<{ deliveries: Delivery[] }>("GET", "/webhooks")).body.deliveries;
    expect(log.filter((d) => d.copyOf)).toHaveLength(1);
  });

  it("reorders the next N deliveries: held, then sent newest first", async () => {
    await h.control("POST", "/faults/webhooks", { kind: "reorder", count: 2, holdMs: 2_000 });
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.control("POST", `/subscriptions/${id}/suspend`);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.hooks.calls).toHaveLength(0);
    await h.control("POST", `/subscriptions/${id}/reinstate`);
    const calls = await h.hooks.waitFor(2);
    expect(calls.map((c) => c.body.action)).toEqual(["Reinstate", "Suspend"]);
  });

  it("releases held deliveries after holdMs even when fewer than N arrive", async () => {
    await h.control("POST", "/faults/webhooks", { kind: "reorder", count: 5, holdMs: 150 });
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
    const [call] = await h.hooks.waitFor(1, 2_000);
    expect(call?.body.action).toBe("Subscribe");
  });
});

describe("early token expiry", () => {
  it("expires issued access tokens: the cached token gets 403, a new one works", async () => {
    const old = await h.token();
    expect((await h.api("GET", "/saas/subscriptions", { token: old })).status).toBe(200);
    await h.control("POST", "/faults/expire-tokens", { tokens: "access" });
    const refused = await h.api("GET", "/saas/subscriptions", { token: old });
    expect(refused.status).toBe(403);
    await new Promise((r) => setTimeout(r, 5));
    h.forgetTokens();
    expect((await h.api("GET", "/saas/subscriptions")).status).toBe(200);
  });

  it("expires issued purchase tokens", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.control("POST", "/faults/expire-tokens", { tokens: "purchase" });
    const token = await h.token();
    const res = await h.api("POST", "/saas/subscriptions/resolve", { token, headers: { "x-ms-marketplace-token": bought.token } });
    expect(res.status).toBe(400);
    expect(res.json().message).toBe("The marketplace token has expired");
    await new Promise((r) => setTimeout(r, 5));
    const again = await h.control<{ token: string }>("POST", `/subscriptions/${bought.subscriptionId}/landing-token`);
    expect((await h.api("POST", "/saas/subscriptions/resolve", { token, headers: { "x-ms-marketplace-token": again.body.token } })).status).toBe(200);
  });
});
