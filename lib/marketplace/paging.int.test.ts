import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatorProcess, type SimulatorProcess } from "../../test/simulator";
import type { MarketplaceClient } from "./client";
import { captureLog, injectFault, simulatorClient, type CapturedLog } from "@/test/marketplace-support";

// List Subscriptions against the simulator: 100 per page, @nextLink with an encoded continuation token,
// and the empty body Microsoft sends when a publisher has no subscriptions.
let sim: SimulatorProcess;
let client: MarketplaceClient;
let log: CapturedLog;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  log = captureLog();
  ({ client } = simulatorClient(sim, { logger: log.logger }));
});
afterAll(() => sim?.stop());

async function reset(purchases: Record<string, unknown>[]): Promise<string[]> {
  const res = await sim.control<{ purchases: { subscriptionId: string }[] }>("POST", "/reset", { purchases });
  expect(res.status).toBe(200);
  return res.body.purchases.map((p) => p.subscriptionId);
}

describe("listing subscriptions", () => {
  it("handles the empty body of a publisher without subscriptions", async () => {
    await reset([]);
    const pages = [];
    for await (const page of client.listSubscriptionPages()) pages.push(page);
    expect(pages).toEqual([{ subscriptions: [], nextLink: undefined }]);
    const all = [];
    for await (const sub of client.listSubscriptions()) all.push(sub);
    expect(all).toEqual([]);
  });

  it("pages through 205 subscriptions following @nextLink exactly as given, with one correlation id", async () => {
    const personas = ["alice", "ben"];
    const created = await reset(
      Array.from({ length: 205 }, (_, i) => ({
        personaId: personas[i % 2],
        offerId: "fabrikam-cloud",
        planId: i % 3 === 0 ? "pro-seats" : "basic",
      })),
    );
    const correlationId = "9a9a9a9a-0000-4000-8000-000000000205";
    const pages = [];
    for await (const page of client.listSubscriptionPages({ correlationId })) pages.push(page);
    expect(pages.map((p) => p.subscriptions.length)).toEqual([100, 100, 5]);
    // The continuation token is JSON with '+' and '#': any re-encoding would break it.
    expect(pages[0]?.nextLink).toMatch(/continuationToken=%7B/);
    expect(pages[2]?.nextLink).toBeUndefined();
    const ids = pages.flatMap((p) => p.subscriptions.map((s) => s.id));
    expect(new Set(ids).size).toBe(205);
    expect([...ids].sort()).toEqual([...created].sort());

    const calls = log.lines().filter((l) => l.msCorrelationId === correlationId);
    expect(calls.map((l) => [l.route, l.status])).toEqual([
      ["/saas/subscriptions", 200],
      ["/saas/subscriptions", 200],
      ["/saas/subscriptions", 200],
    ]);
  });

  it("yields every subscription through the convenience iterator, and can stop early", async () => {
    let count = 0;
    const plans = new Set<string>();
    for await (const sub of client.listSubscriptions()) {
      count += 1;
      plans.add(sub.planId);
      expect(sub.saasSubscriptionStatus).toBe("PendingFulfillmentStart");
    }
    expect(count).toBe(205);
    expect(plans).toEqual(new Set(["basic", "pro-seats"]));

    const firstThree = [];
    for await (const sub of client.listSubscriptions()) {
      firstThree.push(sub.id);
      if (firstThree.length === 3) break;
    }
    expect(firstThree).toHaveLength(3);
  });

  it("retries a failing page and still returns every subscription", async () => {
    await injectFault(sim, { endpoint: "list", kind: "error", count: 1 });
    await injectFault(sim, { endpoint: "list", kind: "throttle", count: 1, retryAfterSeconds: 0 });
    let count = 0;
    for await (const page of client.listSubscriptionPages()) count += page.subscriptions.length;
    expect(count).toBe(205);
  });
});
