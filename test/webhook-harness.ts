/**
 * Test-only (never imported by the portal): the webhook's integration tests run the portal's real route
 * handler on an HTTP port (test/route-server.ts) and a simulator process delivering signed webhooks to it,
 * with the portal's configuration pointed at that simulator, as in production it points at Microsoft.
 */
import { expect, inject } from "vitest";
import { purchase, simulatorClient } from "@/test/marketplace-support";
import { startRouteServer, type RouteHandler, type RouteServer } from "@/test/route-server";
import { mintToken, setPortalEnv, startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import type { MarketplaceClient } from "@/lib/marketplace/client";
import { toSubscriptionSnapshot } from "@/lib/marketplace/snapshot";

export const WEBHOOK_PATH = "/api/webhooks/marketplace";

export type Harness = {
  sim: SimulatorProcess;
  server: RouteServer;
  /** The test's own Fulfillment client (the publisher's side, outside the portal), for setup and checks. */
  client: MarketplaceClient;
  stop(): Promise<void>;
};

export async function startHarness(
  /** `jobs: false`: no worker in this process (a test starts its own instances). */
  options: { env?: Record<string, string>; simEnv?: Record<string, string>; jobs?: boolean } = {},
): Promise<Harness> {
  const route: { handler?: RouteHandler } = {};
  const server = await startRouteServer(WEBHOOK_PATH, (request, context) =>
    route.handler ? route.handler(request, context) : Promise.resolve(new Response(null, { status: 503 })),
  );
  // Microsoft's real 10-second window: the portal must answer within it, even on its first call (token, keys).
  const sim = await startSimulatorProcess({
    env: { SIM_WEBHOOK_URL: server.url, SIM_ACK_WINDOW_MS: "10000", SIM_WEBHOOK_TIMEOUT_MS: "9000", ...options.simEnv },
  });
  setPortalEnv({
    ENTRA_AUTHORITY_HOST: sim.httpsUrl,
    MARKETPLACE_API_URL: sim.apiUrl,
    MARKETPLACE_TIMEOUT_MS: "2000",
    MARKETPLACE_MAX_ATTEMPTS: "2",
    // The worker runs every task; a scheduled reconciliation would store subscriptions behind the tests' backs.
    RECONCILE_INTERVAL_MINUTES: "0",
    // The embedded database's socket server (pglite-socket 0.2.17) interleaves the extended-protocol
    // messages of concurrent connections once one of them is in a transaction: errors and even another
    // connection's rows. One connection avoids it (PGlite runs one query at a time anyway). A PostgreSQL
    // server (TEST_DATABASE_URL) keeps the real pool, so simultaneous deliveries race in the database.
    ...(inject("postgresUrl") ? {} : { DB_POOL_MAX: "1" }),
    ...options.env,
  });
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  route.handler = (await import("@/app/api/webhooks/marketplace/route")).POST;
  // The route answers once a delivery is stored; this process's worker applies it, as the server's does.
  const jobs = options.jobs === false ? undefined : await import("@/lib/jobs/start");
  await jobs?.startJobs({ concurrency: 4 });
  const { client } = simulatorClient(sim);
  return {
    sim,
    server,
    client,
    async stop() {
      await jobs?.stopJobs();
      await sim.stop();
      await server.stop();
    },
  };
}

const WORKING = new Set(["Queued", "Running"]);

/**
 * The inbox's row of an operation once a worker is done with it (not Queued or Running), or once it has
 * `status` when given (a retried delivery passes through Queued on its way).
 */
export async function settled(
  operationId: string,
  options: { status?: string; timeoutMs?: number } = {},
): Promise<import("@/lib/data/deliveries").DeliveryRecord> {
  const { getDeliveryByOperation } = await import("@/lib/data/deliveries");
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const d = await getDeliveryByOperation(operationId);
    if (d && (options.status ? d.status === options.status : !WORKING.has(d.status))) return d;
    if (Date.now() > deadline)
      throw new Error(
        `delivery of ${operationId} not ${options.status ?? "settled"}: ${d ? `${d.status}: ${d.outcome}` : "not received"}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Delivers a body to the portal's webhook as Microsoft would (or as an attacker would, with another token). */
export async function post(
  h: Harness,
  body: string,
  authorization: string | undefined,
  headers: Record<string, string> = {},
): Promise<number> {
  const res = await fetch(h.server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}), ...headers },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

export async function webhookBearer(
  h: Harness,
  claims: Record<string, unknown> = {},
  options: { expiresInSeconds?: number; untrusted?: boolean } = {},
): Promise<string> {
  return `Bearer ${await mintToken(h.sim, { claims, ...options })}`;
}

type SimOperation = {
  id: string;
  subscriptionId: string;
  action: string;
  planId: string;
  quantity?: number;
  timeStamp: string;
  status: string;
  operationRequestSource: string;
};

/** A customer-side event in the simulator; returns the operation it created. */
export async function customerEvent(
  h: Harness,
  subscriptionId: string,
  event: string,
  body: Record<string, unknown> = {},
): Promise<SimOperation> {
  const res = await h.sim.control<{ operation?: SimOperation; error?: unknown }>(
    "POST",
    `/subscriptions/${subscriptionId}/${event}`,
    body,
  );
  if (res.status !== 200 || !res.body.operation)
    throw new Error(`${event} refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.operation;
}

/** The body Microsoft would send for an operation (reference §6.4), to replay or tamper with. */
export function payloadOf(op: SimOperation, over: Record<string, unknown> = {}): string {
  const { operationRequestSource, ...rest } = op;
  return JSON.stringify({
    ...rest,
    publisherId: "fabrikam",
    offerId: "fabrikam-cloud",
    operationRequestSource,
    subscription: null,
    purchaseToken: null,
    ...over,
  });
}

/** A purchase activated by the publisher's own client: Subscribed at Microsoft, unknown to the portal so far. */
export async function subscribed(h: Harness, input: Record<string, unknown> = {}): Promise<string> {
  const bought = await purchase(h.sim, input);
  const sub = toSubscriptionSnapshot(await h.client.getSubscription(bought.subscriptionId));
  await h.client.activate(sub.id, { planId: sub.planId, ...(sub.quantity !== null ? { quantity: sub.quantity } : {}) });
  return sub.id;
}

/** The portal's copy of the subscription equals Microsoft's, field by field. */
export async function expectSameAsMicrosoft(h: Harness, subscriptionId: string): Promise<void> {
  const { getSubscription } = await import("@/lib/data/subscriptions");
  const { stateOf } = await import("@/lib/data/subscription-columns");
  const stored = await getSubscription(subscriptionId);
  expect(stored, `the portal has no subscription ${subscriptionId}`).not.toBeNull();
  expect(stateOf(stored!)).toEqual(toSubscriptionSnapshot(await h.client.getSubscription(subscriptionId)));
}
