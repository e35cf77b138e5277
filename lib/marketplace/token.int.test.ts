import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SIM_IDENTITIES, startSimulatorProcess, type SimulatorProcess } from "../../test/simulator";
import {
  captureLog,
  countTokenRequests,
  injectFault,
  purchase,
  simulatorClient,
  rejection,
} from "@/test/marketplace-support";
import { createMsalTokenProvider, type TokenProvider } from "./token";

// Client-credential tokens through MSAL against the simulator's Entra (OIDC mode, self-signed https).
let sim: SimulatorProcess;
let subscriptionId: string;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  subscriptionId = (await purchase(sim)).subscriptionId;
});
afterEach(async () => {
  await sim.control("DELETE", "/faults");
});
afterAll(() => sim?.stop());

describe("token cache", () => {
  it("asks Entra once for many sequential and concurrent calls", async () => {
    const tokenRequests = await countTokenRequests(sim);
    const { client, tokens } = simulatorClient(sim);
    await Promise.all(Array.from({ length: 10 }, () => client.getSubscription(subscriptionId)));
    for (let i = 0; i < 20; i++) await client.getSubscription(subscriptionId);
    expect(await tokenRequests()).toBe(1);
    const token = await tokens.getToken();
    expect(token.fromCache).toBe(true);
    // Cached until shortly before expiry: the simulator's tokens live about an hour.
    expect(token.expiresOn && token.expiresOn.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(await tokenRequests()).toBe(1);
  });

  it("gets a new token when Microsoft refuses the cached one (expired early), then uses the cache again", async () => {
    const { client } = simulatorClient(sim);
    await client.getSubscription(subscriptionId);
    // Microsoft answers 403 to an expired token; the cached one is refreshed once, and only once.
    await sim.control("POST", "/faults/expire-tokens", { tokens: "access" });
    const tokenRequests = await countTokenRequests(sim);
    expect((await client.getSubscription(subscriptionId)).id).toBe(subscriptionId);
    await client.getSubscription(subscriptionId);
    expect(await tokenRequests()).toBe(1);
  });

  it("refreshes once on 401 and retries with the new token", async () => {
    // The first token handed out is not a token at all (the simulator answers 401 to it), as a revoked one would be.
    let handedOutBad = false;
    const wrap = (inner: TokenProvider): TokenProvider => ({
      async getToken(options) {
        if (!handedOutBad) {
          handedOutBad = true;
          return { token: "not-a-jwt", expiresOn: undefined, fromCache: true };
        }
        return inner.getToken(options);
      },
    });
    const log = captureLog();
    const { client } = simulatorClient(sim, { wrapTokens: wrap, logger: log.logger });
    expect(
      (await client.getSubscription(subscriptionId, { correlationId: "0a0a0a0a-0000-4000-8000-000000000401" })).id,
    ).toBe(subscriptionId);
    const lines = log.lines().filter((l) => l.msCorrelationId === "0a0a0a0a-0000-4000-8000-000000000401");
    expect(lines.map((l) => l.status)).toEqual([401, 200]);
  });

  it("gives up as forbidden when the fresh token is refused with 401 too", async () => {
    const bad: TokenProvider = {
      getToken: async () => ({ token: "still-not-a-jwt", expiresOn: undefined, fromCache: false }),
    };
    const { client } = simulatorClient(sim, { wrapTokens: () => bad });
    const error = await rejection(client.getSubscription(subscriptionId));
    expect(error).toMatchObject({ kind: "forbidden", status: 401, attempts: 2 });
  });
});

describe("token errors", () => {
  it("reports a wrong client secret as a configuration error, without retrying and without the secret", async () => {
    const tokenRequests = await countTokenRequests(sim);
    const { client } = simulatorClient(sim, { credential: { kind: "secret", secret: "wrong-secret-value" } });
    const error = await rejection(client.getSubscription(subscriptionId));
    expect(error).toMatchObject({ kind: "configuration", code: "invalid_client", attempts: 1, status: undefined });
    expect(error.message).toMatch(/MARKETPLACE_CLIENT_ID/);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("wrong-secret-value");
    expect(await tokenRequests()).toBe(1);
  });

  it("reports an unknown tenant as a configuration error", async () => {
    const tokens = createMsalTokenProvider({
      authorityHost: sim.httpsUrl,
      tenantId: "00000000-0000-4000-8000-00000000dead",
      clientId: SIM_IDENTITIES.fulfillmentClientId,
      credential: { kind: "secret", secret: SIM_IDENTITIES.fulfillmentClientSecret },
      timeoutMs: 2_000,
      logger: captureLog().logger,
    });
    const { client } = simulatorClient(sim, { wrapTokens: () => tokens });
    await expect(client.getSubscription(subscriptionId)).rejects.toMatchObject({ kind: "configuration", attempts: 1 });
  });

  it("retries a failing token endpoint (500, then 429 with Retry-After) like any call", async () => {
    await injectFault(sim, { endpoint: "token", kind: "error", count: 1 });
    await injectFault(sim, { endpoint: "token", kind: "throttle", count: 1, retryAfterSeconds: 1 });
    const log = captureLog();
    const { client } = simulatorClient(sim, { logger: log.logger });
    const started = Date.now();
    expect(
      (await client.getSubscription(subscriptionId, { correlationId: "0a0a0a0a-0000-4000-8000-000000000500" })).id,
    ).toBe(subscriptionId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const lines = log.lines().filter((l) => l.msCorrelationId === "0a0a0a0a-0000-4000-8000-000000000500");
    expect(lines.map((l) => [l.kind ?? null, l.status ?? null])).toEqual([
      ["unavailable", null],
      ["throttled", null],
      [null, 200],
    ]);
  });

  it("reports unavailable when the token endpoint keeps failing", async () => {
    await injectFault(sim, { endpoint: "token", kind: "error", count: 20 });
    const { client } = simulatorClient(sim, { policy: { maxAttempts: 3 } });
    await expect(client.getSubscription(subscriptionId)).rejects.toMatchObject({ kind: "unavailable", attempts: 3 });
  });

  it("times out a hanging token endpoint instead of waiting forever", async () => {
    await injectFault(sim, { endpoint: "token", kind: "hang", count: 5, hangMs: 10_000 });
    const { client } = simulatorClient(sim, { policy: { attemptTimeoutMs: 300, maxAttempts: 2 } });
    const started = Date.now();
    await expect(client.getSubscription(subscriptionId)).rejects.toMatchObject({ kind: "timeout", attempts: 2 });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
