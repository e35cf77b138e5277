// Customer-side events and the ACK window: change plan/seats, suspend, reinstate, renew, cancel, grace expiry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventually, startHarness, type Harness } from "./harness";

const ACK_WINDOW_MS = 400;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ackWindowMs: ACK_WINDOW_MS });
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
  h.hooks.calls.length = 0;
  h.hooks.respondWith(() => ({ status: 200 }));
});

type Op = { id: string; status: string; action: string; errorMessage?: string };
type EventResult = {
  operation: Op;
  subscription: { planId: string; quantity?: number; saasSubscriptionStatus: string };
};

const get = async (
  id: string,
): Promise<
  Record<string, unknown> & {
    planId: string;
    quantity?: number;
    saasSubscriptionStatus: string;
    isFreeTrial: boolean;
    term: { startDate: string; endDate: string };
  }
> => (await h.api("GET", `/saas/subscriptions/${id}`)).json();
const op = async (id: string, opId: string): Promise<Op> =>
  (await h.api("GET", `/saas/subscriptions/${id}/operations/${opId}`)).json<Op>();
const event = async (id: string, name: string, body?: unknown): Promise<{ status: number; body: EventResult }> =>
  h.control<EventResult>("POST", `/subscriptions/${id}/${name}`, body);

describe("ChangePlan / ChangeQuantity from the customer (ACK window)", () => {
  it("sends an InProgress webhook (source Azure) with the pre-change snapshot and lists the operation", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const started = await event(id, "change-plan", { planId: "metered" });
    expect(started.status).toBe(200);
    const [call] = await h.hooks.waitFor(1);
    expect(call?.body).toMatchObject({
      id: started.body.operation.id,
      action: "ChangePlan",
      planId: "metered",
      status: "InProgress",
      operationRequestSource: "Azure",
    });
    expect(call?.body).not.toHaveProperty("operationRequestedSource");
    expect((call?.body.subscription as { planId: string }).planId).toBe("basic");
    const listed = (await h.api("GET", `/saas/subscriptions/${id}/operations`)).json<{ operations: Op[] }>();
    expect(listed.operations.map((o) => o.id)).toEqual([started.body.operation.id]);
    expect((await event(id, "suspend")).status).toBe(409);
  });

  it("applies the change on PATCH Success", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 10 });
    const started = await event(id, "change-quantity", { quantity: 25 });
    const ack = await h.api("PATCH", `/saas/subscriptions/${id}/operations/${started.body.operation.id}`, {
      body: { status: "Success" },
    });
    expect(ack.status).toBe(200);
    expect(ack.text).toBe("");
    expect((await get(id)).quantity).toBe(25);
    expect((await op(id, started.body.operation.id)).status).toBe("Succeeded");
  });

  it("keeps the old plan on PATCH Failure; a later PATCH gets 409 with the request id", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const started = await event(id, "change-plan", { planId: "metered" });
    const path = `/saas/subscriptions/${id}/operations/${started.body.operation.id}`;
    expect((await h.api("PATCH", path, { body: { status: "Failure" } })).status).toBe(200);
    expect((await get(id)).planId).toBe("basic");
    expect((await op(id, started.body.operation.id)).status).toBe("Failed");
    await new Promise((r) => setTimeout(r, ACK_WINDOW_MS + 100));
    expect((await get(id)).planId).toBe("basic");
    const late = await h.api("PATCH", path, {
      body: { status: "Success" },
      headers: { "x-ms-requestid": "11111111-2222-4333-8444-555555555555" },
    });
    expect(late.status).toBe(409);
    expect(late.json()).toEqual({ message: "11111111-2222-4333-8444-555555555555" });
  });

  it("treats a 4xx webhook answer as a refusal", async () => {
    h.hooks.respondWith(() => ({ status: 400 }));
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const started = await event(id, "change-plan", { planId: "trial" });
    await h.hooks.waitFor(1);
    await eventually(async () => ((await op(id, started.body.operation.id)).status === "Failed" ? true : undefined));
    expect((await get(id)).planId).toBe("basic");
    const log = await h.control<{ deliveries: Array<{ state: string; attempts: unknown[] }> }>(
      "GET",
      `/webhooks?operationId=${started.body.operation.id}`,
    );
    expect(log.body.deliveries[0]).toMatchObject({ state: "rejected" });
    expect(log.body.deliveries[0]?.attempts).toHaveLength(1);
  });

  it("auto-accepts when nothing answers within the window, not before", async () => {
    h.hooks.respondWith(() => ({ status: 200 }));
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const startedAt = Date.now();
    const started = await event(id, "change-plan", { planId: "metered" });
    expect((await op(id, started.body.operation.id)).status).toBe("InProgress");
    await eventually(async () => ((await get(id)).planId === "metered" ? true : undefined));
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(ACK_WINDOW_MS - 20);
    expect((await op(id, started.body.operation.id)).status).toBe("Succeeded");
  });

  it("accepts an unknown ACK status without effect (the real API does not validate it)", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const started = await event(id, "change-plan", { planId: "metered" });
    const res = await h.api("PATCH", `/saas/subscriptions/${id}/operations/${started.body.operation.id}`, {
      body: { status: "blah" },
    });
    expect(res.status).toBe(200);
    expect((await op(id, started.body.operation.id)).status).toBe("InProgress");
  });

  it("validates customer changes like Microsoft's UI would", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 10 });
    expect((await event(id, "change-quantity", { quantity: 1000 })).status).toBe(400);
    expect((await event(id, "change-plan", { planId: "pro-seats" })).status).toBe(400);
    expect((await event(id, "change-plan", {})).status).toBe(400);
    expect((await event(id, "reinstate")).status).toBe(409);
  });
});

describe("operations API", () => {
  it("answers 404 for unknown subscriptions or operations, and [] when listing an unknown subscription", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await h.api("GET", `/saas/subscriptions/${id}/operations/${unknown}`)).status).toBe(404);
    expect((await h.api("GET", `/saas/subscriptions/${unknown}/operations/${unknown}`)).status).toBe(404);
    expect(
      (await h.api("PATCH", `/saas/subscriptions/${id}/operations/${unknown}`, { body: { status: "Success" } })).status,
    ).toBe(404);
    const listed = await h.api("GET", `/saas/subscriptions/${unknown}/operations`);
    expect(listed.status).toBe(200);
    expect(listed.json()).toEqual({ operations: [] });
  });
});

describe("suspend, reinstate, renew, cancel, grace", () => {
  it("suspends (notice, pre-change snapshot) and reinstates after the ACK window", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    expect((await event(id, "suspend")).body.subscription.saasSubscriptionStatus).toBe("Suspended");
    const reinstate = await event(id, "reinstate");
    expect((await get(id)).saasSubscriptionStatus).toBe("Suspended");
    const calls = await h.hooks.waitFor(2);
    const suspend = calls.find((c) => c.body.action === "Suspend");
    expect(suspend?.body.status).toBe("Succeeded");
    expect(calls.find((c) => c.body.action === "Reinstate")?.body.status).toBe("InProgress");
    // Like Microsoft's 2022 sample: the Suspend payload's snapshot still says Subscribed.
    expect((suspend?.body.subscription as { saasSubscriptionStatus: string }).saasSubscriptionStatus).toBe(
      "Subscribed",
    );
    await eventually(async () => ((await get(id)).saasSubscriptionStatus === "Subscribed" ? true : undefined));
    expect((await op(id, reinstate.body.operation.id)).status).toBe("Succeeded");
  });

  it("lets the publisher refuse a reinstatement by PATCH Failure (older docs) or by DELETE (newer docs)", async () => {
    const a = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await event(a, "suspend");
    const ra = await event(a, "reinstate");
    await h.api("PATCH", `/saas/subscriptions/${a}/operations/${ra.body.operation.id}`, {
      body: { status: "Failure" },
    });
    expect((await get(a)).saasSubscriptionStatus).toBe("Suspended");

    const b = await h.subscribed({ personaId: "ben", offerId: "fabrikam-cloud", planId: "basic" });
    await event(b, "suspend");
    const rb = await event(b, "reinstate");
    expect((await h.api("DELETE", `/saas/subscriptions/${b}`)).status).toBe(202);
    expect((await op(b, rb.body.operation.id)).status).toBe("Failed");
    await eventually(async () => ((await get(b)).saasSubscriptionStatus === "Unsubscribed" ? true : undefined));
  });

  it("renews: the term moves to the next period and a free trial converts to paid", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "trial" });
    const before = await get(id);
    expect(before.isFreeTrial).toBe(true);
    await event(id, "renew");
    const after = await get(id);
    expect(after.isFreeTrial).toBe(false);
    expect(new Date(after.term.startDate).getTime()).toBe(new Date(before.term.endDate).getTime() + 86_400_000);
    const [call] = await h.hooks.waitFor(1);
    expect(call?.body).toMatchObject({ action: "Renew", status: "Succeeded", operationRequestSource: "Azure" });
  });

  it("ends the term with Unsubscribe instead of Renew once the customer turned auto-renew off", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const off = await event(id, "auto-renew", { autoRenew: false });
    expect(off.status).toBe(200);
    expect(off.body).not.toHaveProperty("operation");
    expect((await get(id)).autoRenew).toBe(false);
    expect((await event(id, "auto-renew", {})).status).toBe(400);
    const end = await event(id, "renew");
    expect(end.body.operation.action).toBe("Unsubscribe");
    expect((await get(id)).saasSubscriptionStatus).toBe("Unsubscribed");
    const [call] = await h.hooks.waitFor(1);
    expect(call?.body.action).toBe("Unsubscribe");
  });

  it("cancels (Unsubscribe webhook) and expires the 30-day grace period, explicitly or when the clock passes it", async () => {
    const a = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await event(a, "cancel");
    expect((await get(a)).saasSubscriptionStatus).toBe("Unsubscribed");
    const b = await h.subscribed({ personaId: "ben", offerId: "fabrikam-cloud", planId: "basic" });
    await event(b, "suspend");
    expect((await event(b, "expire-grace")).body.subscription.saasSubscriptionStatus).toBe("Unsubscribed");
    const c = await h.subscribed({ personaId: "bob", offerId: "fabrikam-cloud", planId: "basic" });
    await event(c, "suspend");
    const early = await h.control<{ expiredGracePeriods: string[] }>("POST", "/clock", { advanceMs: 29 * 86_400_000 });
    expect(early.body.expiredGracePeriods).toEqual([]);
    const late = await h.control<{ expiredGracePeriods: string[] }>("POST", "/clock", { advanceMs: 2 * 86_400_000 });
    expect(late.body.expiredGracePeriods).toEqual([c]);
    expect((await get(c)).saasSubscriptionStatus).toBe("Unsubscribed");
    // Deliveries run concurrently, even two for one subscription (Microsoft does not promise order either),
    // so compare which actions each subscription was told about, not the order they arrived in.
    const calls = await h.hooks.waitFor(5);
    const actionsOf = (sub: string): unknown[] =>
      calls
        .filter((call) => call.body.subscriptionId === sub)
        .map((call) => String(call.body.action))
        .sort();
    expect(actionsOf(a)).toEqual(["Unsubscribe"]);
    expect(actionsOf(b)).toEqual(["Suspend", "Unsubscribe"]);
    expect(actionsOf(c)).toEqual(["Suspend", "Unsubscribe"]);
  });
});
