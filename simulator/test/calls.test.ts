// Call counters (GET/DELETE /_sim/calls) and a log free of personal data.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  FULFILLMENT,
  MARKETPLACE,
  PUBLISHER_TENANT,
  REDIRECT_URI,
  SIGN_IN,
  startHarness,
  type Harness,
} from "./harness";

type Calls = { total: Record<string, number>; bySubscription: Record<string, Record<string, number>> };

let h: Harness;
const printed: string[] = [];
beforeAll(async () => {
  // The simulator's logger writes to stdout/stderr; keep a copy of everything it prints.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    });
  }
  h = await startHarness({ log: "info" });
});
afterAll(async () => {
  await h.stop();
  vi.restoreAllMocks();
});
beforeEach(async () => {
  await h.control("POST", "/reset");
});

const calls = async (): Promise<Calls> => (await h.control<Calls>("GET", "/calls")).body;

const tokenRequest = (form: Record<string, string>): Promise<Response> =>
  h.fetch(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });

describe("call counters", () => {
  it("counts every endpoint in total and per subscription id, zero included", async () => {
    await h.token();
    const a = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 5 });
    const b = (await h.purchase({ personaId: "ben", offerId: "fabrikam-cloud", planId: "basic" })).subscriptionId;
    await h.control("DELETE", "/calls");
    const op = "00000000-0000-4000-8000-000000000001";
    await h.api("GET", `/saas/subscriptions/${a}`);
    await h.api("GET", `/saas/subscriptions/${a.toUpperCase()}`);
    await h.api("GET", `/saas/subscriptions/${a}/listAvailablePlans`);
    await h.api("PATCH", `/saas/subscriptions/${a}`, { body: { quantity: 6 } });
    await h.api("GET", `/saas/subscriptions/${a}/operations`);
    await h.api("GET", `/saas/subscriptions/${a}/operations/${op}`);
    await h.api("PATCH", `/saas/subscriptions/${a}/operations/${op}`, { body: { status: "Success" } });
    await h.api("POST", `/saas/subscriptions/${b}/activate`, { body: { planId: "basic" } });
    await h.api("DELETE", `/saas/subscriptions/${b}`);
    await h.api("GET", "/saas/subscriptions");
    await h.api("POST", "/saas/subscriptions/resolve", { headers: { "x-ms-marketplace-token": "nope" } });
    await h.api("POST", "/usageEvent", { body: {} });
    await h.api("POST", "/batchUsageEvent", { body: { request: [] } });
    await h.api("GET", "/usageEvents?usageStartDate=2026-01-01");

    const counted = await calls();
    expect(counted.total).toEqual({
      resolve: 1,
      activate: 1,
      get: 2,
      list: 1,
      listAvailablePlans: 1,
      patch: 1,
      delete: 1,
      getOperation: 1,
      patchOperation: 1,
      listOperations: 1,
      usageEvent: 1,
      batchUsageEvent: 1,
      usageEvents: 1,
      token: 0,
    });
    // Ids are GUIDs: an upper-case path counts for the same subscription.
    expect(counted.bySubscription).toEqual({
      [a]: { get: 2, listAvailablePlans: 1, patch: 1, listOperations: 1, getOperation: 1, patchOperation: 1 },
      [b]: { activate: 1, delete: 1 },
    });
  });

  it("counts refused and faulted calls too: every request the endpoint receives", async () => {
    await h.control("POST", "/faults", { endpoint: "list", kind: "error" });
    expect((await h.api("GET", "/saas/subscriptions")).status).toBe(500);
    expect((await h.api("GET", "/saas/subscriptions", { token: null })).status).toBe(401);
    expect((await h.api("GET", "/saas/subscriptions", { apiVersion: null })).status).toBe(400);
    expect((await calls()).total.list).toBe(3);
  });

  it("counts one List per page", async () => {
    await h.control("POST", "/reset", {
      purchases: Array.from({ length: 205 }, () => ({
        personaId: "alice",
        offerId: "fabrikam-cloud",
        planId: "basic",
      })),
    });
    let next: string | undefined = "/saas/subscriptions";
    while (next) {
      const page: { "@nextLink"?: string } = (await h.api("GET", next.replace(/^.*\/api/, ""))).json();
      next = page["@nextLink"];
    }
    expect((await calls()).total.list).toBe(3);
  });

  it("counts client-credential token requests, faulted ones included, and not sign-in code redemptions", async () => {
    const form = {
      grant_type: "client_credentials",
      client_id: FULFILLMENT.id,
      client_secret: FULFILLMENT.secret,
      scope: `${MARKETPLACE}/.default`,
    };
    expect((await tokenRequest(form)).status).toBe(200);
    await h.control("POST", "/faults", { endpoint: "token", kind: "throttle" });
    expect((await tokenRequest(form)).status).toBe(429);
    const code = {
      grant_type: "authorization_code",
      client_id: SIGN_IN.id,
      client_secret: SIGN_IN.secret,
      code: "unknown",
      redirect_uri: REDIRECT_URI,
    };
    expect((await tokenRequest(code)).status).toBe(400);
    expect((await calls()).total.token).toBe(2);
  });

  it("starts from zero after DELETE /_sim/calls and after POST /_sim/reset", async () => {
    await h.api("GET", "/saas/subscriptions");
    expect((await calls()).total.list).toBe(1);
    const cleared = await h.control<Calls>("DELETE", "/calls");
    expect(cleared.body.total.list).toBe(0);
    await h.api("GET", `/saas/subscriptions/${"0".repeat(8)}-0000-4000-8000-000000000000`);
    expect(Object.keys((await calls()).bySubscription)).toHaveLength(1);
    await h.control("POST", "/reset");
    expect(await calls()).toEqual({
      total: expect.objectContaining({ get: 0, list: 0 }) as unknown,
      bySubscription: {},
    });
  });
});

describe("the log", () => {
  it("names personas and tenants, never e-mail addresses (sign-in and purchase lines)", async () => {
    printed.length = 0;
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.purchase({ personaId: "someone.new@adatum.example", offerId: "fabrikam-cloud", planId: "basic" });
    await h.purchase({
      personaId: "alice",
      offerId: "fabrikam-cloud",
      planId: "pro-seats",
      cspPartnerPersonaId: "carol",
    });
    for (const choice of [{ persona: "olivia" }, { email: "someone.else@contoso.example" }] as Record<
      string,
      string
    >[]) {
      const params = new URLSearchParams({
        client_id: SIGN_IN.id,
        redirect_uri: REDIRECT_URI,
        response_type: "code",
        scope: "openid",
        state: "s",
        ...choice,
      });
      const res = await fetch(`${h.sim.httpUrl}/common/oauth2/v2.0/authorize`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: params,
      });
      expect(res.status).toBe(302);
    }
    const text = printed.join("");
    expect(text).toContain("purchase fabrikam-cloud/basic by alice (tenant c0ffee00-0000-4000-8000-00000000c001)");
    expect(text).toContain("by ad-hoc user (tenant");
    expect(text).toMatch(/by alice \(tenant [^)]+\) via carol \(tenant c0ffee00-0000-4000-8000-00000000c002\)/);
    expect(text).toContain(`sign-in: olivia (tenant ${PUBLISHER_TENANT})`);
    expect(text).toContain("sign-in: ad-hoc user (tenant c0ffee00-0000-4000-8000-00000000c001)");
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
