// Webhook delivery: Entra-signed bearer tokens (verified through the published JWKS), payload shape,
// retries with backoff on non-2xx and timeouts, the attempt log, v1 tokens, Subscribe for auto-activation.
import {
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  createLocalJWKSet,
  type FetchImplementation,
} from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FULFILLMENT, MARKETPLACE, PUBLISHER_TENANT, eventually, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    webhookTimeoutMs: 150,
    webhookMaxAttempts: 4,
    webhookRetryBaseMs: 30,
    webhookRetryMaxDelayMs: 60,
  });
});
afterAll(async () => h.stop());
afterEach(async () => {
  await h.control("POST", "/reset");
  h.hooks.calls.length = 0;
  h.hooks.respondWith(() => ({ status: 200 }));
});

type Attempt = { number: number; statusCode?: number; error?: string; durationMs: number; startedAt: string };
type Delivery = { state: string; attempts: Attempt[]; action: string; payload: Record<string, unknown> };
const deliveries = async (): Promise<Delivery[]> =>
  (await h.control<{ deliveries: Delivery[] }>("GET", "/webhooks")).body.deliveries;

describe("webhook authentication", () => {
  it("signs a v2 Entra token that verifies with the published JWKS (and not with another key)", async () => {
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
    const [call] = await h.hooks.waitFor(1);
    const token = /^Bearer (.+)$/.exec(call?.authorization ?? "")?.[1] ?? "";
    const fetchWithTrust: FetchImplementation = (url, options) =>
      h.fetch(url, { method: options.method, headers: Object.fromEntries(options.headers.entries()) });
    const discovery = (await (
      await h.fetch(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/v2.0/.well-known/openid-configuration`)
    ).json()) as { jwks_uri: string; issuer: string };
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri), { [customFetch]: fetchWithTrust });
    const { payload } = await jwtVerify(token, jwks, {
      issuer: discovery.issuer,
      audience: FULFILLMENT.id,
      algorithms: ["RS256"],
    });
    expect(payload).toMatchObject({
      aud: FULFILLMENT.id,
      tid: PUBLISHER_TENANT,
      azp: MARKETPLACE,
      ver: "2.0",
      iss: `${h.sim.httpsUrl}/${PUBLISHER_TENANT}/v2.0`,
    });
    expect(payload).not.toHaveProperty("appid");
    for (const claim of ["aio", "azpacr", "oid", "rh", "sub", "uti", "iat", "exp", "nbf"])
      expect(payload).toHaveProperty(claim);

    const stranger = await generateKeyPair("RS256");
    const otherJwks = createLocalJWKSet({
      keys: [
        { ...(await exportJWK(stranger.publicKey)), kid: decodeJwt(token).kid as string | undefined, alg: "RS256" },
      ],
    });
    await expect(jwtVerify(token, otherJwks, { audience: FULFILLMENT.id })).rejects.toThrow();
  });

  it("sends the documented payload for Subscribe (auto-activation plan): correct spelling, snapshot, null purchaseToken", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
    const [call] = await h.hooks.waitFor(1);
    expect(call?.contentType).toContain("application/json");
    const body = call?.body ?? {};
    expect(body).toMatchObject({
      action: "Subscribe",
      status: "Succeeded",
      operationRequestSource: "Azure",
      subscriptionId: bought.subscriptionId,
      publisherId: "fabrikam",
      offerId: "fabrikam-cloud",
      planId: "auto",
      quantity: null,
      purchaseToken: null,
    });
    expect(body).not.toHaveProperty("operationRequestedSource");
    expect(Object.keys(body).sort()).toEqual([
      "action",
      "activityId",
      "id",
      "offerId",
      "operationRequestSource",
      "planId",
      "publisherId",
      "purchaseToken",
      "quantity",
      "status",
      "subscription",
      "subscriptionId",
      "timeStamp",
    ]);
    expect(
      (body.subscription as { saasSubscriptionStatus: string; term: { chargeDuration: null } }).saasSubscriptionStatus,
    ).toBe("Subscribed");
    expect((body.subscription as { term: { chargeDuration: null } }).term.chargeDuration).toBeNull();
    const op = await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}/operations/${String(body.id)}`);
    expect(op.json()).toMatchObject({ action: "Subscribe", status: "Succeeded" });
    const sub = (await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}`)).json();
    expect(sub.saasSubscriptionStatus).toBe("Subscribed");
  });

  it("sends nothing when a classic plan is bought (the publisher learns of it on the landing page)", async () => {
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.hooks.calls).toHaveLength(0);
  });
});

describe("redelivery", () => {
  it("retries non-2xx answers with growing delays until one succeeds, recording every attempt", async () => {
    h.hooks.respondWith((_call, index) => ({ status: index < 2 ? 503 : 200 }));
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
    const calls = await h.hooks.waitFor(3);
    expect(calls.map((c) => c.body.id)).toEqual([calls[0]?.body.id, calls[0]?.body.id, calls[0]?.body.id]);
    const [first, second, third] = calls.map((c) => c.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(25);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(55);
    const [delivery] = await eventually(async () => {
      const list = await deliveries();
      return list[0]?.state === "delivered" ? list : undefined;
    });
    expect(delivery?.attempts.map((a) => a.statusCode)).toEqual([503, 503, 200]);
    expect(delivery?.attempts.every((a) => a.durationMs >= 0 && !Number.isNaN(Date.parse(a.startedAt)))).toBe(true);
    // A fresh token per attempt.
    expect(new Set(calls.map((c) => c.authorization)).size).toBe(3);
  });

  it("treats a slow answer as a timeout and gives up after the maximum number of attempts", async () => {
    h.hooks.respondWith(() => ({ status: 200, delayMs: 400 }));
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
    const [delivery] = await eventually(async () => {
      const list = await deliveries();
      return list[0]?.state === "failed" ? list : undefined;
    }, 8_000);
    expect(delivery?.attempts).toHaveLength(4);
    expect(delivery?.attempts.every((a) => a.error === "timeout after 150 ms")).toBe(true);
  });

  it("records connection failures", async () => {
    const dead = await startHarness({
      webhookUrl: "http://127.0.0.1:9/hook",
      webhookMaxAttempts: 2,
      webhookRetryBaseMs: 10,
    });
    try {
      await dead.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
      const list = await eventually(async () => {
        const res = (await dead.control<{ deliveries: Delivery[] }>("GET", "/webhooks")).body.deliveries;
        return res[0]?.state === "failed" ? res : undefined;
      });
      expect(list[0]?.attempts[0]?.error).toMatch(/^network error/);
    } finally {
      await dead.stop();
    }
  });
});

describe("v1 webhook tokens", () => {
  it("switch to appid and the v1 issuer with SIM_WEBHOOK_TOKEN_VERSION=1", async () => {
    const v1 = await startHarness({ webhookTokenVersion: 1 });
    try {
      await v1.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
      const [call] = await v1.hooks.waitFor(1);
      const claims = decodeJwt(/^Bearer (.+)$/.exec(call?.authorization ?? "")?.[1] ?? "");
      expect(claims).toMatchObject({
        appid: MARKETPLACE,
        aud: FULFILLMENT.id,
        tid: PUBLISHER_TENANT,
        ver: "1.0",
        iss: `${v1.sim.httpsUrl}/${PUBLISHER_TENANT}/`,
      });
      expect(claims).not.toHaveProperty("azp");
    } finally {
      await v1.stop();
    }
  });
});
