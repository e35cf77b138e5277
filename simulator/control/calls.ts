// Call counters: how many requests each Marketplace API endpoint (and the client-credential token
// endpoint) received, in total and per subscription. Lets the portal's tests and benchmarks prove how
// often it called Microsoft (e.g. "one List per page, no Get per subscription"). In memory only.
import { Hono } from "hono";
import type { SimContext } from "../context";
import { ENDPOINTS, type EndpointName } from "./faults";

export type EndpointCounts = Record<EndpointName, number>;

export type CallCounts = {
  /** Every endpoint, zero included, so callers can read `total.list` without a fallback. */
  total: EndpointCounts;
  /** Only subscriptions whose id was in a request path; only the endpoints they received. */
  bySubscription: Record<string, Partial<EndpointCounts>>;
};

export type CallCounter = {
  /** Counts one request; `subscriptionId` when the path names one (lower-cased: ids are GUIDs). */
  count(endpoint: EndpointName, subscriptionId?: string): void;
  snapshot(): CallCounts;
  reset(): void;
};

const zeros = (): EndpointCounts => Object.fromEntries(ENDPOINTS.map((e) => [e, 0])) as EndpointCounts;

export function createCallCounter(): CallCounter {
  let total = zeros();
  let bySubscription = new Map<string, Partial<EndpointCounts>>();
  return {
    count(endpoint, subscriptionId) {
      total[endpoint] += 1;
      if (subscriptionId === undefined || subscriptionId === "") return;
      const key = subscriptionId.toLowerCase();
      const counts = bySubscription.get(key) ?? {};
      counts[endpoint] = (counts[endpoint] ?? 0) + 1;
      bySubscription.set(key, counts);
    },
    snapshot() {
      return {
        total: { ...total },
        bySubscription: Object.fromEntries([...bySubscription].map(([id, counts]) => [id, { ...counts }])),
      };
    },
    reset() {
      total = zeros();
      bySubscription = new Map();
    },
  };
}

export function callRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  // GET /_sim/calls – { total: {endpoint: n}, bySubscription: {id: {endpoint: n}} }
  app.get("/", (c) => c.json(ctx.calls.snapshot()));
  // DELETE /_sim/calls – start counting from zero
  app.delete("/", (c) => {
    ctx.calls.reset();
    return c.json(ctx.calls.snapshot());
  });
  return app;
}
