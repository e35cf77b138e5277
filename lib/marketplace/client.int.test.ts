import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatorProcess, type SimulatorProcess } from "../../test/simulator";
import type { MarketplaceClient } from "./client";
import { purchase, simulatorClient, rejection } from "@/test/marketplace-support";

// Every Fulfillment v2 and Metering call against the simulator, over HTTPS, through MSAL.
let sim: SimulatorProcess;
let client: MarketplaceClient;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  ({ client } = simulatorClient(sim));
});
afterAll(() => sim?.stop());

type SimView = {
  saasSubscriptionStatus: string;
  planId: string;
  quantity?: number;
  operations: { id: string; status: string }[];
};
const simView = async (id: string) => (await sim.control<SimView>("GET", `/subscriptions/${id}`)).body;

async function subscribed(input: Record<string, unknown> = {}): Promise<string> {
  const bought = await purchase(sim, input);
  const resolved = await client.resolve(bought.token);
  await client.activate(resolved.id, {
    planId: resolved.planId ?? "",
    ...(resolved.quantity !== undefined ? { quantity: resolved.quantity } : {}),
  });
  return resolved.id;
}

async function settled(subscriptionId: string, operationId: string) {
  for (let i = 0; i < 100; i++) {
    const op = await client.getOperation(subscriptionId, operationId);
    if (op.status !== "InProgress" && op.status !== "NotStarted") return op;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("operation did not finish");
}

describe("fulfillment: landing page calls", () => {
  it("resolves a purchase token as given and activates a per-seat purchase with its quantity", async () => {
    const bought = await purchase(sim, { planId: "pro-seats", quantity: 12 });
    const resolved = await client.resolve(bought.token);
    expect(resolved).toMatchObject({
      id: bought.subscriptionId,
      offerId: "fabrikam-cloud",
      planId: "pro-seats",
      quantity: 12,
    });
    expect(resolved.subscription?.saasSubscriptionStatus).toBe("PendingFulfillmentStart");
    expect(resolved.subscription?.beneficiary?.tenantId).toBe("c0ffee00-0000-4000-8000-00000000c001");

    await expect(client.activate(resolved.id, { planId: "pro-seats", quantity: 12 })).resolves.toBeUndefined(); // 200, empty body
    const after = await client.getSubscription(resolved.id);
    expect(after.saasSubscriptionStatus).toBe("Subscribed");
    expect(after.term?.startDate).toBeInstanceOf(Date);
  });

  it("activates a flat-rate purchase with the plan only", async () => {
    const bought = await purchase(sim, { planId: "basic" });
    const resolved = await client.resolve(bought.token);
    expect(resolved.quantity).toBeUndefined();
    await client.activate(resolved.id, { planId: "basic" });
    expect((await simView(resolved.id)).saasSubscriptionStatus).toBe("Subscribed");
  });

  it("reports a tampered purchase token as bad-request with Microsoft's code, after one attempt", async () => {
    const bought = await purchase(sim);
    const error = await rejection(client.resolve(`${bought.token.slice(0, -4)}AAAA`));
    expect(error).toMatchObject({
      kind: "bad-request",
      status: 400,
      code: "InvalidValue",
      attempts: 1,
      operation: "resolve",
    });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses an empty purchase token without calling Microsoft", async () => {
    const error = await rejection(client.resolve("  "));
    expect(error).toMatchObject({ kind: "bad-request", attempts: 0, status: undefined });
  });

  it("reports activating twice as bad-request (Microsoft's 400), not as success", async () => {
    const id = await subscribed();
    const error = await rejection(client.activate(id, { planId: "basic" }));
    expect(error).toMatchObject({ kind: "bad-request", status: 400, attempts: 1 });
  });

  it("reports an unknown subscription as not-found, after one attempt", async () => {
    const error = await rejection(client.getSubscription(randomUUID()));
    expect(error).toMatchObject({ kind: "not-found", status: 404, code: "EntityNotFound", attempts: 1 });
  });

  it("refuses an id that is not a GUID before anything is sent", async () => {
    const error = await rejection(client.getSubscription("../../saas/subscriptions"));
    expect(error).toMatchObject({ kind: "bad-request", attempts: 0 });
  });
});

describe("fulfillment: plans and publisher changes", () => {
  it("lists the available plans, and one plan with the planId filter", async () => {
    const id = await subscribed({ planId: "basic" });
    const plans = await client.listAvailablePlans(id);
    expect(plans.map((p) => p.planId)).toContain("basic");
    expect(plans.length).toBeGreaterThan(1);
    const basic = plans.find((p) => p.planId === "basic");
    expect(basic?.planComponents?.recurrentBillingTerms?.[0]).toMatchObject({
      currency: "USD",
      price: 49,
      termUnit: "P1M",
    });
    const filtered = await client.listAvailablePlans(id, { planId: "basic" });
    expect(filtered.map((p) => p.planId)).toEqual(["basic"]);
  });

  it("names the private offer a purchase came from (sourceOffers, with the planId filter)", async () => {
    const id = await subscribed({ planId: "private-contoso" });
    const [plan] = await client.listAvailablePlans(id, { planId: "private-contoso" });
    expect(plan).toMatchObject({ planId: "private-contoso", isPrivate: true });
    expect(plan?.sourceOffers?.[0]?.externalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("changes the plan (202): returns the operation from Operation-Location, which then succeeds", async () => {
    const id = await subscribed({ planId: "basic" });
    const ref = await client.changePlan(id, "metered", { correlationId: "5d1c0e4a-0000-4000-8000-000000000001" });
    expect(ref.operationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ref.operationLocation).toContain(`/saas/subscriptions/${id}/operations/${ref.operationId}`);
    expect(ref.correlationId).toBe("5d1c0e4a-0000-4000-8000-000000000001");
    const op = await settled(id, ref.operationId ?? "");
    expect(op).toMatchObject({
      id: ref.operationId,
      subscriptionId: id,
      action: "ChangePlan",
      status: "Succeeded",
      planId: "metered",
    });
    expect((await client.getSubscription(id)).planId).toBe("metered");
  });

  it("changes the quantity and cancels, each through an operation", async () => {
    const id = await subscribed({ planId: "pro-seats", quantity: 5 });
    const change = await client.changeQuantity(id, 9);
    expect((await settled(id, change.operationId ?? "")).action).toBe("ChangeQuantity");
    expect((await client.getSubscription(id)).quantity).toBe(9);

    const cancel = await client.deleteSubscription(id);
    expect((await settled(id, cancel.operationId ?? "")).action).toBe("Unsubscribe");
    expect((await client.getSubscription(id)).saasSubscriptionStatus).toBe("Unsubscribed");
  });

  it("refuses a quantity below 1 before anything is sent", async () => {
    await expect(client.changeQuantity(randomUUID(), 0)).rejects.toMatchObject({ kind: "bad-request", attempts: 0 });
  });
});

describe("operations: customer-initiated changes", () => {
  it("lists an operation waiting for acknowledgement and accepts it with PATCH Success", async () => {
    const id = await subscribed({ planId: "basic" });
    expect(await client.listOperations(id)).toEqual([]);
    const event = await sim.control<{ operation: { id: string } }>("POST", `/subscriptions/${id}/change-plan`, {
      planId: "metered",
    });
    expect(event.status).toBe(200);
    const pending = await client.listOperations(id);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      id: event.body.operation.id,
      action: "ChangePlan",
      status: "InProgress",
      planId: "metered",
    });

    await client.updateOperation(id, event.body.operation.id, "Success");
    const op = await client.getOperation(id, event.body.operation.id);
    expect(op.status).toBe("Succeeded");
    // Acknowledging again: Microsoft answers 409 (no longer in progress), which is not retried.
    await expect(client.updateOperation(id, event.body.operation.id, "Success")).rejects.toMatchObject({
      kind: "conflict",
      status: 409,
      attempts: 1,
    });
  });
});

describe("metering", () => {
  const hour = () => {
    const d = new Date(Date.now() - 60 * 60 * 1000);
    d.setUTCMinutes(5, 0, 0);
    return d;
  };

  it("accepts a usage event, and returns Microsoft's original on a duplicate (409) instead of throwing", async () => {
    const id = await subscribed({ planId: "metered" });
    const event = {
      resourceId: id,
      quantity: 5,
      dimension: "api-calls",
      effectiveStartTime: hour(),
      planId: "metered",
    };
    const first = await client.usageEvent(event);
    expect(first.outcome).toBe("accepted");
    if (first.outcome !== "accepted") return;
    expect(first.event).toMatchObject({ status: "Accepted", resourceId: id, quantity: 5, dimension: "api-calls" });

    const again = await client.usageEvent({ ...event, quantity: 7 });
    expect(again).toMatchObject({
      outcome: "duplicate",
      accepted: { usageEventId: first.event.usageEventId, status: "Duplicate", quantity: 5 },
    });
  });

  it("sends a batch and reports each item's status; more than 25 events are refused before sending", async () => {
    const id = await subscribed({ planId: "metered" });
    const at = hour();
    const result = await client.batchUsageEvent([
      { resourceId: id, quantity: 1, dimension: "api-calls", effectiveStartTime: at, planId: "metered" },
      { resourceId: id, quantity: 1, dimension: "no-such-dimension", effectiveStartTime: at, planId: "metered" },
    ]);
    expect(result.count).toBe(2);
    expect(result.results.map((r) => r.status)).toEqual(["Accepted", "InvalidDimension"]);

    const many = Array.from({ length: 26 }, () => ({
      resourceId: id,
      quantity: 1,
      dimension: "api-calls",
      effectiveStartTime: at,
      planId: "metered",
    }));
    await expect(client.batchUsageEvent(many)).rejects.toMatchObject({ kind: "bad-request", attempts: 0 });
    await expect(client.batchUsageEvent([])).rejects.toMatchObject({ kind: "bad-request", attempts: 0 });
  });

  it("reads the usage Microsoft recorded", async () => {
    const id = await subscribed({ planId: "metered" });
    await client.usageEvent({
      resourceId: id,
      quantity: 3,
      dimension: "api-calls",
      effectiveStartTime: hour(),
      planId: "metered",
    });
    const since = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const usage = await client.getUsageEvents({ usageStartDate: since });
    const mine = usage.filter((u) => u.usageResourceId === id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ dimension: "api-calls", planId: "metered" });
    expect(mine[0]?.usageDate).toBeInstanceOf(Date);
  });
});
