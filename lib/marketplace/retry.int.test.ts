import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SIM_IDENTITIES, startSimulatorProcess, type SimulatorProcess } from "../../test/simulator";
import { MarketplaceClient } from "./client";
import {
  captureLog,
  injectFault,
  purchase,
  remainingFaults,
  simulatorClient,
  type CapturedLog,
  rejection,
} from "@/test/marketplace-support";

// The retry policy against the simulator's fault injection (429 + Retry-After, 500, hangs), over HTTPS.
let sim: SimulatorProcess;
let log: CapturedLog;
let client: MarketplaceClient;
let subscriptionId: string;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  log = captureLog();
  ({ client } = simulatorClient(sim, { logger: log.logger, policy: { maxAttempts: 4 } }));
  subscriptionId = (await purchase(sim)).subscriptionId;
  await client.getSubscription(subscriptionId); // token cached: the tests below count API calls only
});
afterEach(async () => {
  await sim.control("DELETE", "/faults");
});
afterAll(() => sim?.stop());

/** The client's log lines for calls with this correlation id. */
const linesOf = (correlationId: string) => log.lines().filter((l) => l.msCorrelationId === correlationId);

/** Counts the simulator's requests to an endpoint: each consumes one zero-length "hang". */
async function countCalls(endpoint: string): Promise<() => Promise<number>> {
  await injectFault(sim, { endpoint, kind: "hang", hangMs: 0, count: 1_000 });
  return async () => 1_000 - (await remainingFaults(sim, endpoint));
}

describe("429 Too Many Requests", () => {
  it("waits as long as Retry-After says, then succeeds", async () => {
    await injectFault(sim, { endpoint: "get", kind: "throttle", count: 2, retryAfterSeconds: 1 });
    const correlationId = randomUUID();
    const started = Date.now();
    const sub = await client.getSubscription(subscriptionId, { correlationId });
    expect(sub.id).toBe(subscriptionId);
    // Two waits of Retry-After (1 s), not the 50–200 ms backoff of the test policy.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    const lines = linesOf(correlationId);
    expect(lines.map((l) => [l.status, l.retryInMs, l.attempt])).toEqual([
      [429, 1_000, 1],
      [429, 1_000, 2],
      [200, undefined, 3],
    ]);
    // One correlation id for the call, a new request id per attempt.
    expect(new Set(lines.map((l) => l.msRequestId)).size).toBe(3);
  });

  it("gives up as throttled after the last attempt, with Microsoft's status", async () => {
    await injectFault(sim, { endpoint: "get", kind: "throttle", count: 10, retryAfterSeconds: 0 });
    const error = await rejection(client.getSubscription(subscriptionId));
    expect(error).toMatchObject({ kind: "throttled", status: 429, attempts: 4 });
  });

  it("does not wait for a Retry-After longer than the policy allows", async () => {
    await injectFault(sim, { endpoint: "get", kind: "throttle", count: 1, retryAfterSeconds: 120 });
    const started = Date.now();
    const error = await rejection(client.getSubscription(subscriptionId));
    expect(error).toMatchObject({ kind: "throttled", attempts: 1 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("does not wait past the call's deadline", async () => {
    await injectFault(sim, { endpoint: "get", kind: "throttle", count: 1, retryAfterSeconds: 3 });
    const error = await rejection(client.getSubscription(subscriptionId, { deadlineMs: 1_000 }));
    expect(error).toMatchObject({ kind: "throttled", attempts: 1 });
  });
});

describe("500 Internal Server Error", () => {
  it("retries with backoff and succeeds", async () => {
    await injectFault(sim, { endpoint: "get", kind: "error", count: 2 });
    const correlationId = randomUUID();
    await client.getSubscription(subscriptionId, { correlationId });
    expect(linesOf(correlationId).map((l) => l.status)).toEqual([500, 500, 200]);
    expect(
      linesOf(correlationId)
        .slice(0, 2)
        .every((l) => typeof l.retryInMs === "number" && l.retryInMs < 200),
    ).toBe(true);
  });

  it("retries a POST too (metering deduplicates; resolve has no side effect) and reports unavailable at the end", async () => {
    const bought = await purchase(sim);
    await injectFault(sim, { endpoint: "resolve", kind: "error", count: 10 });
    const error = await rejection(client.resolve(bought.token));
    expect(error).toMatchObject({ kind: "unavailable", status: 500, code: "InternalServerError", attempts: 4 });
  });
});

describe("timeouts", () => {
  it("abandons an attempt that hangs longer than the attempt timeout and retries", async () => {
    const { client: quick } = simulatorClient(sim, { logger: log.logger, policy: { attemptTimeoutMs: 500 } });
    await quick.getSubscription(subscriptionId); // token first, so the hang hits the API call
    await injectFault(sim, { endpoint: "get", kind: "hang", count: 1, hangMs: 5_000 });
    const correlationId = randomUUID();
    const started = Date.now();
    await quick.getSubscription(subscriptionId, { correlationId });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(linesOf(correlationId).map((l) => [l.kind ?? null, l.status ?? null])).toEqual([
      ["timeout", null],
      [null, 200],
    ]);
  });

  it("reports timeout when every attempt hangs", async () => {
    const { client: quick } = simulatorClient(sim, { policy: { attemptTimeoutMs: 300, maxAttempts: 2 } });
    await quick.getSubscription(subscriptionId);
    await injectFault(sim, { endpoint: "get", kind: "hang", count: 5, hangMs: 3_000 });
    const error = await rejection(quick.getSubscription(subscriptionId));
    expect(error).toMatchObject({ kind: "timeout", attempts: 2, status: undefined });
  });
});

describe("network failures", () => {
  it("retries a refused connection and reports unavailable", async () => {
    // A real token from the simulator's Entra; the API base URL is a port where nothing listens.
    const { tokens } = simulatorClient(sim);
    const closed = new MarketplaceClient({
      baseUrl: "https://127.0.0.1:9/api",
      tokens,
      policy: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
      logger: log.logger,
    });
    const error = await rejection(closed.getSubscription(subscriptionId));
    expect(error).toMatchObject({ kind: "unavailable", attempts: 3, status: undefined });
  });
});

describe("never retried: 400, 403, 404, 409", () => {
  it("400: one request", async () => {
    const bought = await purchase(sim);
    const calls = await countCalls("resolve");
    await expect(client.resolve(`x${bought.token}`)).rejects.toMatchObject({
      kind: "bad-request",
      status: 400,
      attempts: 1,
    });
    expect(await calls()).toBe(1);
  });

  it("404: one request", async () => {
    const calls = await countCalls("get");
    await expect(client.getSubscription(randomUUID())).rejects.toMatchObject({
      kind: "not-found",
      status: 404,
      attempts: 1,
    });
    expect(await calls()).toBe(1);
  });

  it("409: one request", async () => {
    const id = (await purchase(sim)).subscriptionId;
    await client.activate(id, { planId: "basic" });
    const event = await sim.control<{ operation: { id: string } }>("POST", `/subscriptions/${id}/change-plan`, {
      planId: "metered",
    });
    await client.updateOperation(id, event.body.operation.id, "Success");
    const calls = await countCalls("patchOperation");
    await expect(client.updateOperation(id, event.body.operation.id, "Failure")).rejects.toMatchObject({
      kind: "conflict",
      status: 409,
      attempts: 1,
    });
    expect(await calls()).toBe(1);
  });

  it("403: one request with a fresh token; a cached token gets exactly one refresh", async () => {
    // The landing-page sign-in app gets tokens from Entra, but Microsoft's API refuses them (wrong app).
    const { client: wrongApp } = simulatorClient(sim, {
      clientId: SIM_IDENTITIES.signInClientId,
      credential: { kind: "secret", secret: SIM_IDENTITIES.signInClientSecret },
    });
    const calls = await countCalls("get");
    const first = await rejection(wrongApp.getSubscription(subscriptionId));
    expect(first).toMatchObject({ kind: "forbidden", status: 403, attempts: 1 });
    expect(first.message).toMatch(/Partner Center/);
    expect(await calls()).toBe(1);
    const second = await rejection(wrongApp.getSubscription(subscriptionId));
    expect(second).toMatchObject({ kind: "forbidden", status: 403, attempts: 2 });
    expect(await calls()).toBe(3);
  });
});

describe("cancellation", () => {
  it("stops waiting when the caller aborts", async () => {
    await injectFault(sim, { endpoint: "get", kind: "hang", count: 1, hangMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const error = await rejection(client.getSubscription(subscriptionId, { signal: controller.signal }));
    expect(error).toMatchObject({ kind: "timeout", attempts: 1 });
    expect(error.message).toMatch(/cancelled/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe("changes sent at most once: PATCH and DELETE of a subscription", () => {
  const subscribed = async (planId = "pro-seats", quantity = 10) => {
    const id = (await purchase(sim, { planId, quantity })).subscriptionId;
    await client.activate(id, { planId, quantity });
    return id;
  };
  const fault = async (body: Record<string, unknown>) =>
    expect((await sim.control("POST", "/faults", body)).status).toBe(201);
  const changesSent = async (id: string) => {
    const counts =
      (await sim.control<{ bySubscription: Record<string, Record<string, number>> }>("GET", "/calls")).body
        .bySubscription[id] ?? {};
    return { patch: counts.patch ?? 0, delete: counts.delete ?? 0 };
  };
  const quick = () => simulatorClient(sim, { logger: log.logger, policy: { attemptTimeoutMs: 500 } }).client;

  it("a PATCH whose answer is lost after Microsoft made the change is not sent again, and says the outcome is unknown", async () => {
    const id = await subscribed();
    const patcher = quick();
    await patcher.getSubscription(id); // token first
    await fault({ endpoint: "patch", kind: "hang-after", hangMs: 3_000 });
    const error = await rejection(patcher.changeQuantity(id, 20));
    expect(error).toMatchObject({ kind: "timeout", outcomeUnknown: true, attempts: 1 });
    expect(error.message).toMatch(/may have been made.*not send it again/);
    expect(await changesSent(id)).toEqual({ patch: 1, delete: 0 });
    // Microsoft has it: the one PATCH made the change.
    const view = await sim.control<{ operations: { action: string; quantity?: number }[] }>(
      "GET",
      `/subscriptions/${id}`,
    );
    expect(view.body.operations.map((o) => [o.action, o.quantity])).toEqual([["ChangeQuantity", 20]]);
  });

  it("a DELETE answered 500 or cut off after it was sent is not sent again", async () => {
    const first = await subscribed();
    await fault({ endpoint: "delete", kind: "error", count: 5 });
    expect(await rejection(client.deleteSubscription(first))).toMatchObject({
      kind: "unavailable",
      status: 500,
      outcomeUnknown: true,
      attempts: 1,
    });
    expect(await changesSent(first)).toEqual({ patch: 0, delete: 1 });

    const second = await subscribed();
    await sim.control("DELETE", "/faults");
    await fault({ endpoint: "delete", kind: "reset-after" });
    expect(await rejection(client.deleteSubscription(second))).toMatchObject({
      kind: "unavailable",
      status: undefined,
      outcomeUnknown: true,
      attempts: 1,
    });
    expect(await changesSent(second)).toEqual({ patch: 0, delete: 1 });
  });

  it("still retries what certainly did not reach Microsoft: 429 from the gateway, a refused connection", async () => {
    const id = await subscribed();
    await fault({ endpoint: "patch", kind: "throttle", count: 1, retryAfterSeconds: 0 });
    const ref = await client.changeQuantity(id, 30);
    expect(ref.operationId).toBeTruthy();
    expect(await changesSent(id)).toEqual({ patch: 2, delete: 0 });

    const { tokens } = simulatorClient(sim);
    const closed = new MarketplaceClient({
      baseUrl: "https://127.0.0.1:9/api",
      tokens,
      policy: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
      logger: log.logger,
    });
    expect(await rejection(closed.deleteSubscription(id))).toMatchObject({
      kind: "unavailable",
      attempts: 3,
      outcomeUnknown: false,
    });
  });

  it("Activate is still retried after a timeout (Microsoft activates at most once)", async () => {
    const id = (await purchase(sim, { planId: "basic" })).subscriptionId;
    const activator = quick();
    await activator.getSubscription(id);
    await fault({ endpoint: "activate", kind: "hang", hangMs: 2_000 });
    // Microsoft activates a subscription at most once: the retry is safe (activate.ts reads a 400 as done).
    await activator.activate(id, { planId: "basic" });
    expect((await client.getSubscription(id)).saasSubscriptionStatus).toBe("Subscribed");
  });
});
