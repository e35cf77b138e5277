// Control API: health, state, catalog, reset (with a seed), purchases and their validation, clock, minting.
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONTOSO,
  FULFILLMENT,
  MARKETPLACE,
  MSA,
  NORTHWIND,
  PUBLISHER_TENANT,
  SIGN_IN,
  startHarness,
  type Harness,
} from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
});

describe("health, state and catalog", () => {
  it("reports health with both URLs", async () => {
    const res = await h.control<{ status: string; httpsUrl: string; httpUrl: string }>("GET", "/health");
    expect(res.body).toMatchObject({ status: "ok", httpsUrl: h.sim.httpsUrl, httpUrl: h.sim.httpUrl });
    expect((await fetch(`${h.sim.httpUrl}/_sim/health`)).status).toBe(200);
  });

  it("exposes the whole state and the catalog, without secrets", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const state = await h.control<{
      subscriptions: Array<{ id: string; simulator: unknown; operations: unknown[] }>;
      keys: unknown[];
    }>("GET", "/state");
    expect(state.body.subscriptions.map((s) => s.id)).toEqual([bought.subscriptionId]);
    expect(state.body.keys).toHaveLength(1);
    const raw = JSON.stringify(state.body);
    expect(raw).not.toContain(FULFILLMENT.secret);
    expect(raw).not.toContain("privateJwk");
    const catalog = await h.control<{
      personas: Array<{ id: string; tenantId: string; roles: string[]; email?: string }>;
      offers: Array<{ offerId: string }>;
      fulfillmentAppId: string;
      signInApp: { redirectUris: string[] };
    }>("GET", "/catalog");
    expect(catalog.body.fulfillmentAppId).toBe(FULFILLMENT.id);
    expect(catalog.body.signInApp.redirectUris).toEqual([
      "http://localhost:3000/api/auth/callback/azure-ad",
      "http://127.0.0.1:3000/api/auth/callback/azure-ad",
    ]);
    expect(catalog.body.offers.map((o) => o.offerId)).toEqual([
      "fabrikam-cloud",
      "fabrikam-analytics",
      "fabrikam-europe",
    ]);
    const byId = Object.fromEntries(catalog.body.personas.map((p) => [p.id, p]));
    expect(byId.olivia).toMatchObject({ tenantId: PUBLISHER_TENANT, roles: ["Portal.Owner"] });
    expect(byId.oscar?.roles).toEqual(["Portal.Operator"]);
    expect(byId.victor?.roles).toEqual(["Portal.Viewer"]);
    expect(byId.nora?.roles).toEqual([]);
    expect(byId.bob?.tenantId).toBe(MSA);
    expect(byId.carol?.tenantId).toBe(NORTHWIND);
    expect(byId.dana).not.toHaveProperty("email");
    expect(JSON.stringify(catalog.body)).not.toContain(SIGN_IN.secret);
  });
});

describe("reset", () => {
  it("empties the state, keeps the keys (cached tokens stay valid) and can seed purchases and a catalog", async () => {
    const token = await h.token();
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const offers = [
      {
        offerId: "tiny",
        displayName: "Tiny",
        plans: [
          {
            planId: "one",
            displayName: "One",
            description: "",
            isPrivate: false,
            isPricePerSeat: false,
            hasFreeTrials: false,
            isStopSell: false,
            market: "US",
            planComponents: {
              recurrentBillingTerms: [
                { currency: "USD", price: 1, termUnit: "P1M", termDescription: "", meteredQuantityIncluded: [] },
              ],
              meteringDimensions: [],
            },
          },
        ],
      },
    ];
    const reset = await h.control<{ purchases: Array<{ subscriptionId: string; token: string }> }>("POST", "/reset", {
      offers,
      purchases: [{ personaId: "ben", offerId: "tiny", planId: "one" }],
    });
    expect(reset.status).toBe(200);
    expect(reset.body.purchases).toHaveLength(1);
    const list = (await h.api("GET", "/saas/subscriptions", { token })).json<{
      subscriptions: Array<{ offerId: string }>;
    }>();
    expect(list.subscriptions.map((s) => s.offerId)).toEqual(["tiny"]);
    expect(
      (await h.control("POST", "/purchases", { personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" }))
        .status,
    ).toBe(404);
    expect((await h.control("POST", "/reset", { offers: [{ offerId: "broken" }] })).status).toBe(400);
    await h.control("POST", "/reset");
    expect(
      (await h.control("POST", "/purchases", { personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" }))
        .status,
    ).toBe(201);
  });
});

describe("purchases", () => {
  it("returns the subscription id, the token and the landing URL with the token URL-encoded", async () => {
    const res = await h.control<{ subscriptionId: string; token: string; landingUrl: string }>("POST", "/purchases", {
      personaId: "alice",
      offerId: "fabrikam-cloud",
      planId: "basic",
    });
    expect(res.status).toBe(201);
    expect(res.body.landingUrl).toBe(`http://localhost:3000/?token=${encodeURIComponent(res.body.token)}`);
    expect(res.body.landingUrl).toContain("%2B");
    expect(res.body.landingUrl).toContain("%2F");
  });

  it.each([
    ["an unknown persona", { personaId: "nobody", offerId: "fabrikam-cloud", planId: "basic" }, 400],
    ["an unknown plan", { personaId: "alice", offerId: "fabrikam-cloud", planId: "gold" }, 404],
    [
      "a private plan outside its audience",
      { personaId: "bob", offerId: "fabrikam-cloud", planId: "private-contoso" },
      403,
    ],
    [
      "seats below the minimum",
      { personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 4 },
      400,
    ],
    [
      "seats above the maximum",
      { personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 501 },
      400,
    ],
    [
      "a quantity on a flat-rate plan",
      { personaId: "alice", offerId: "fabrikam-cloud", planId: "basic", quantity: 3 },
      400,
    ],
    [
      "a term the plan does not sell",
      { personaId: "alice", offerId: "fabrikam-cloud", planId: "basic", termUnit: "P1Y" },
      400,
    ],
    [
      "a CSP partner in the buyer's tenant",
      { personaId: "alice", cspPartnerPersonaId: "ben", offerId: "fabrikam-cloud", planId: "basic" },
      400,
    ],
    ["a missing field", { personaId: "alice", offerId: "fabrikam-cloud" }, 400],
  ])("refuses %s", async (_label, body, status) => {
    expect((await h.control("POST", "/purchases", body)).status).toBe(status);
  });

  it("defaults seats to the plan minimum, marks test and free-trial subscriptions, and buys for ad-hoc e-mails", async () => {
    const seats = await h.purchase({
      personaId: "alice",
      offerId: "fabrikam-cloud",
      planId: "enterprise",
      termUnit: "P3Y",
      isTest: true,
    });
    const sub = (await h.api("GET", `/saas/subscriptions/${seats.subscriptionId}`)).json<{
      quantity: number;
      isTest: boolean;
      term: { termUnit: string };
    }>();
    expect(sub).toMatchObject({ quantity: 50, isTest: true, term: { termUnit: "P3Y" } });
    const trial = await h.purchase({
      personaId: "someone.new@contoso.example",
      offerId: "fabrikam-cloud",
      planId: "trial",
    });
    const trialSub = (await h.api("GET", `/saas/subscriptions/${trial.subscriptionId}`)).json<{
      isFreeTrial: boolean;
      beneficiary: { tenantId: string; emailId: string };
    }>();
    expect(trialSub).toMatchObject({
      isFreeTrial: true,
      beneficiary: { tenantId: CONTOSO, emailId: "someone.new@contoso.example" },
    });
  });

  it("issues fresh landing tokens for existing subscriptions, 404 for unknown ones", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const again = await h.control<{ token: string }>("POST", `/subscriptions/${bought.subscriptionId}/landing-token`);
    expect(again.body.token).not.toBe(bought.token);
    expect((await h.control("POST", "/subscriptions/00000000-0000-4000-8000-000000000000/landing-token")).status).toBe(
      404,
    );
    expect((await h.control("POST", `/subscriptions/${bought.subscriptionId}/explode`)).status).toBe(404);
  });
});

describe("clock", () => {
  it("advances, sets and resets Marketplace time", async () => {
    const advanced = await h.control<{ now: string; offsetMs: number }>("POST", "/clock", { advanceMs: 86_400_000 });
    expect(advanced.body.offsetMs).toBe(86_400_000);
    expect(Date.parse(advanced.body.now) - Date.now()).toBeGreaterThan(86_000_000);
    const set = await h.control<{ now: string }>("POST", "/clock", { set: "2031-05-01T00:00:00Z" });
    expect(set.body.now.slice(0, 16)).toBe("2031-05-01T00:00");
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    expect((await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}`)).json().created).toMatch(/^2031-05-01T/);
    expect((await h.control<{ offsetMs: number }>("POST", "/clock", { reset: true })).body.offsetMs).toBe(0);
    expect((await h.control("POST", "/clock", { set: "yesterday" })).status).toBe(400);
  });
});

describe("token minting", () => {
  it("mints from presets with claim overrides and removals", async () => {
    const webhook = await h.control<{ token: string; claims: Record<string, unknown> }>("POST", "/tokens/mint", {
      preset: "webhook",
      claims: { aud: "someone-else" },
    });
    expect(decodeJwt(webhook.body.token)).toMatchObject({
      aud: "someone-else",
      azp: MARKETPLACE,
      tid: PUBLISHER_TENANT,
    });
    const id = await h.control<{ token: string }>("POST", "/tokens/mint", {
      preset: "id-token",
      personaId: "olivia",
      claims: { email: null },
    });
    const claims = decodeJwt(id.body.token);
    expect(claims).toMatchObject({ roles: ["Portal.Owner"], aud: SIGN_IN.id });
    expect(claims).not.toHaveProperty("email");
    const bare = await h.control<{ token: string }>("POST", "/tokens/mint", {
      claims: { hello: "world" },
      expiresInSeconds: 60,
    });
    expect(decodeJwt(bare.body.token)).toMatchObject({ hello: "world" });
    const none = await h.control<{ token: string }>("POST", "/tokens/mint", { preset: "marketplace", unsigned: true });
    expect(decodeProtectedHeader(none.body.token).alg).toBe("none");
    expect(none.body.token.endsWith(".")).toBe(true);
    expect((await h.control("POST", "/tokens/mint", { preset: "id-token", personaId: "ghost" })).status).toBe(400);
  });
});
