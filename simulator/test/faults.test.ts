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
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: FULFILLMENT.id,
      client_secret: FULFILLMENT.secret,
      scope: `${MARKETPLACE}/.default`,
    }).toString(),
  });

describe("endpoint faults", () => {
  it.each(Object.entries(API_CALLS))(
    "%s: the next N calls answer 429 with Retry-After, then normal service resumes",
    async (endpoint, [method, path]) => {
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
    },
  );

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

  it("hang-after: makes the change at once, then holds the answer (the client's timeout loses a change Microsoft made)", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 10 });
    await h.control("POST", "/timings", { operationDelayMs: 5_000 });
    await h.control("POST", "/faults", { endpoint: "patch", kind: "hang-after", hangMs: 600 });
    const started = Date.now();
    const answer = h.api("PATCH", `/saas/subscriptions/${id}`, { body: { quantity: 20 } });
    // While the answer is held, Microsoft already has the operation, and lists it.
    const listed = await eventually(
      async () =>
        (await h.api("GET", `/saas/subscriptions/${id}/operations`)).json<{
          operations: { id: string; action: string; quantity: number }[];
        }>().operations[0],
    );
    expect(listed).toMatchObject({ action: "ChangeQuantity", quantity: 20 });
    expect(Date.now() - started).toBeLessThan(500);
    const res = await answer;
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    expect(res.status).toBe(202);
    expect(res.headers.get("operation-location")).toContain(listed.id);
  });

  it("error-after: makes the change, then answers 500", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.control("POST", "/faults", { endpoint: "delete", kind: "error-after" });
    const res = await h.api("DELETE", `/saas/subscriptions/${id}`);
    expect(res.status).toBe(500);
    expect(res.json()).toHaveProperty("error.code", "InternalServerError");
    const view = await h.control<{ operations: { action: string; operationRequestSource: string }[] }>(
      "GET",
      `/subscriptions/${id}`,
    );
    expect(view.body.operations).toEqual([
      expect.objectContaining({ action: "Unsubscribe", operationRequestSource: "Partner" }),
    ]);
  });

  it("reset-after: makes the change, then closes the connection without an answer", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.control("POST", "/faults", { endpoint: "patch", kind: "reset-after" });
    await expect(h.api("PATCH", `/saas/subscriptions/${id}`, { body: { planId: "metered" } })).rejects.toThrow();
    const view = await h.control<{ operations: { action: string; planId: string }[] }>("GET", `/subscriptions/${id}`);
    expect(view.body.operations).toEqual([expect.objectContaining({ action: "ChangePlan", planId: "metered" })]);
    // The next call on a new connection is served normally (the lock shows the change was made).
    expect((await h.api("PATCH", `/saas/subscriptions/${id}`, { body: { planId: "metered" } })).status).toBe(400);
  });

  it("hang (before processing) makes the change only when the hang ends", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.control("POST", "/faults", { endpoint: "delete", kind: "hang", hangMs: 400 });
    const answer = h.api("DELETE", `/saas/subscriptions/${id}`);
    await new Promise((r) => setTimeout(r, 200));
    expect((await h.control<{ operations: unknown[] }>("GET", `/subscriptions/${id}`)).body.operations).toEqual([]);
    expect((await answer).status).toBe(202);
  });

  it("refuses after-processing faults on the token endpoint", async () => {
    const res = await h.control<{ issues: { message: string }[] }>("POST", "/faults", {
      endpoint: "token",
      kind: "hang-after",
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.issues)).toMatch(/not to token/);
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
    expect(
      (await h.control<{ endpoints: unknown[]; webhooks: unknown[] }>("GET", "/faults")).body.endpoints,
    ).toHaveLength(1);
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
    await eventually(async () =>
      (await h.api("GET", `/saas/subscriptions/${id}`)).json().planId === "metered" ? true : undefined,
    );
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
  it("expires what was issued before, even after Marketplace time is moved back", async () => {
    const before = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.control("POST", "/faults/expire-tokens", { tokens: "purchase" });
    await new Promise((r) => setTimeout(r, 5));
    await h.control("POST", "/clock", { advanceMs: -2 * 3_600_000 });
    try {
      const after = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
      const token = await h.token();
      const resolve = (purchaseToken: string) =>
        h.api("POST", "/saas/subscriptions/resolve", { token, headers: { "x-ms-marketplace-token": purchaseToken } });
      expect((await resolve(before.token)).status).toBe(400);
      expect((await resolve(after.token)).status).toBe(200);
    } finally {
      await h.control("POST", "/clock", { reset: true });
    }
  });

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
    const res = await h.api("POST", "/saas/subscriptions/resolve", {
      token,
      headers: { "x-ms-marketplace-token": bought.token },
    });
    expect(res.status).toBe(400);
    expect(res.json().message).toBe("The marketplace token has expired");
    await new Promise((r) => setTimeout(r, 5));
    const again = await h.control<{ token: string }>("POST", `/subscriptions/${bought.subscriptionId}/landing-token`);
    expect(
      (
        await h.api("POST", "/saas/subscriptions/resolve", {
          token,
          headers: { "x-ms-marketplace-token": again.body.token },
        })
      ).status,
    ).toBe(200);
  });
});
