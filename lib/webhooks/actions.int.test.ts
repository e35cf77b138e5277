import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { listAttempts } from "@/lib/data/deliveries";
import { getSubscription } from "@/lib/data/subscriptions";
import { resetEnvCache } from "@/lib/env";
import { injectFault, purchase, remainingFaults } from "@/test/marketplace-support";
import { setPortalEnv, settledWebhooks } from "@/test/simulator";
import {
  customerEvent,
  expectSameAsMicrosoft,
  post,
  settled,
  startHarness,
  subscribed,
  webhookBearer,
  type Harness,
} from "@/test/webhook-harness";

// Every action, delivered by the simulator (Microsoft) over HTTP to the portal's real route handler, and
// the portal's copy of the subscription equal to Microsoft's afterwards.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      WEBHOOK_PLAN_ORDER: "basic,pro-seats,enterprise",
      // Enterprise customers may only move up, and never change seats; Analytics team changes are refused.
      WEBHOOK_PLAN_RULES: JSON.stringify({
        "fabrikam-cloud/enterprise": { plan: "upgrades", quantity: "refuse" },
        "fabrikam-analytics/team": "refuse",
      }),
    },
  });
});
afterAll(() => h?.stop());
let restoreEnv: (() => void) | undefined;
afterEach(async () => {
  await h.sim.control("DELETE", "/faults");
  restoreEnv?.();
  restoreEnv = undefined;
  resetEnvCache();
});

const simSub = async (id: string) =>
  (
    await h.sim.control<{ planId: string; quantity?: number; saasSubscriptionStatus: string }>(
      "GET",
      `/subscriptions/${id}`,
    )
  ).body;
const auditActions = async (id: string) => (await listAuditFor("subscription", id)).map((a) => a.action);

/** A customer event, and the portal's answer to its webhook. */
async function event(subscriptionId: string, name: string, body: Record<string, unknown> = {}) {
  const op = await customerEvent(h, subscriptionId, name, body);
  const [sent] = await settledWebhooks(h.sim, { operationId: op.id });
  return { op, sent: sent!, delivery: await settled(op.id) };
}

/** Microsoft's deliveries of a subscription (at least `count`), each one taken to its end by the portal's worker. */
async function deliveriesSettled(subscriptionId: string, count: number) {
  const sent = await settledWebhooks(h.sim, { subscriptionId }, { count });
  const stored = [];
  for (const s of sent) stored.push(await settled(s.operationId));
  return stored;
}

/** A delivery's attempts as the inbox lists them: who made each (Microsoft's delivery, the queue's worker) and its answer. */
const attemptsOf = async (deliveryId: string) =>
  (await listAttempts(deliveryId)).map((a) => ({ source: a.source, httpStatus: a.httpStatus, outcome: a.outcome }));

describe("each action is applied from Microsoft's state", () => {
  it("Subscribe (auto-activation): the subscription is created as Subscribed", async () => {
    const { subscriptionId } = await purchase(h.sim, { planId: "auto" });
    const [sent] = await settledWebhooks(h.sim, { subscriptionId });
    expect(sent).toMatchObject({ action: "Subscribe", state: "delivered" });
    expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
    // Microsoft got its 200 on receipt; the worker applies the delivery after it.
    const stored = await settled(sent!.operationId);
    expect(await getSubscription(subscriptionId)).toMatchObject({
      status: "Subscribed",
      planId: "auto",
      activatedAt: null,
    });
    await expectSameAsMicrosoft(h, subscriptionId);
    expect(await auditActions(subscriptionId)).toEqual(["webhook.Subscribe"]);
    expect(stored).toMatchObject({ status: "Applied", attempts: 1 });
    const attempts = await listAttempts(stored.id);
    // The receipt (answered 200), then the worker's one attempt (nobody waits for its answer).
    expect(attempts).toMatchObject([
      { source: "microsoft", httpStatus: 200, outcome: "Received and queued." },
      { source: "queue", httpStatus: null, outcome: expect.stringMatching(/^Stored Microsoft's state: plan auto/) },
    ]);
    for (const a of attempts) expect(a.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("ChangePlan from the customer: accepted by policy (PATCH Success), the new plan stored", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 60 });
    const { sent, delivery: d } = await event(id, "change-plan", { planId: "enterprise" });
    expect(sent.state).toBe("delivered");
    expect((await simSub(id)).planId).toBe("enterprise");
    expect(d).toMatchObject({ status: "Applied", outcome: expect.stringMatching(/^Accepted/) });
    await expectSameAsMicrosoft(h, id);
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining(["webhook.ChangePlan", "webhook.ChangePlan.accepted"]),
    );
  });

  it("ChangeQuantity from the customer: accepted, the new seats stored", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
    await event(id, "change-quantity", { quantity: 25 });
    expect((await simSub(id)).quantity).toBe(25);
    expect((await getSubscription(id))?.quantity).toBe(25);
    await expectSameAsMicrosoft(h, id);
  });

  it("Suspend, then Reinstate (accepted), then Renew (new term dates), then Unsubscribe (final, data kept)", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await event(id, "suspend");
    expect((await getSubscription(id))?.status).toBe("Suspended");
    await expectSameAsMicrosoft(h, id);

    const reinstated = await event(id, "reinstate");
    expect(reinstated.delivery.outcome).toMatch(/^Accepted/);
    expect((await getSubscription(id))?.status).toBe("Subscribed");
    await expectSameAsMicrosoft(h, id);

    const termEnd = (await getSubscription(id))?.termEndDate;
    await event(id, "renew");
    expect((await getSubscription(id))?.termEndDate?.getTime()).toBeGreaterThan(termEnd!.getTime());
    await expectSameAsMicrosoft(h, id);

    await event(id, "cancel");
    const cancelled = await getSubscription(id);
    expect(cancelled).toMatchObject({ status: "Unsubscribed", planId: "basic" });
    await expectSameAsMicrosoft(h, id);
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining(["webhook.Suspend", "webhook.Reinstate", "webhook.Renew", "webhook.Unsubscribe"]),
    );
  });

  it("ChangePlan the publisher asked for (source Partner): stored, never acknowledged (Microsoft would answer 500)", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 60 });
    await injectFault(h.sim, { endpoint: "patchOperation", kind: "hang", hangMs: 0, count: 100 }); // counts PATCHes, changes nothing
    const ref = await h.client.changePlan(id, "enterprise");
    const [sent] = await settledWebhooks(h.sim, { operationId: ref.operationId! });
    expect(sent).toMatchObject({ state: "delivered", payload: { operationRequestSource: "Partner" } });
    // Counted once the worker is done with the delivery: it sent no PATCH at any point.
    expect((await settled(ref.operationId!)).status).toBe("Applied");
    expect(await remainingFaults(h.sim, "patchOperation")).toBe(100);
    expect((await getSubscription(id))?.planId).toBe("enterprise");
    await expectSameAsMicrosoft(h, id);
  });

  it("an unknown action is acknowledged and kept, nothing applied", async () => {
    const id = await subscribed(h, { planId: "basic" });
    const operationId = crypto.randomUUID();
    const body = JSON.stringify({
      id: operationId,
      subscriptionId: id,
      action: "Transfer",
      status: "Succeeded",
      timeStamp: new Date().toISOString(),
      newThing: { kept: true },
    });
    expect(await post(h, body, await webhookBearer(h))).toBe(200);
    const stored = await settled(operationId);
    expect(stored).toMatchObject({
      status: "Ignored",
      action: "Transfer",
      payload: { newThing: { kept: true } },
    });
    // Looked at once by the worker, never retried.
    expect(await attemptsOf(stored.id)).toEqual([
      { source: "microsoft", httpStatus: 200, outcome: "Received and queued." },
      { source: "queue", httpStatus: null, outcome: "Unknown action Transfer: acknowledged, nothing applied." },
    ]);
    expect(await getSubscription(id)).toBeNull();
  });
});

describe("the publisher's policy", () => {
  it("refuses a downgrade (upgrades only): PATCH Failure, and Microsoft keeps the old plan", async () => {
    const id = await subscribed(h, { planId: "enterprise", quantity: 60 });
    const { delivery: d } = await event(id, "change-plan", { planId: "pro-seats" });
    expect((await simSub(id)).planId).toBe("enterprise");
    expect(d).toMatchObject({
      status: "Applied",
      outcome: expect.stringMatching(/^Refused: enterprise → pro-seats is not an upgrade/),
    });
    expect(await getSubscription(id)).toMatchObject({ planId: "enterprise", quantity: 60 });
    await expectSameAsMicrosoft(h, id);
    const decision = (await listAuditFor("subscription", id)).find((a) => a.action === "webhook.ChangePlan.refused");
    expect(decision).toMatchObject({
      actorType: "system",
      after: { from: "enterprise", to: "pro-seats", accepted: false },
    });
  });

  it("retries a refusal whose PATCH Failure could not reach Microsoft: the queue's next attempt sends it within the window, and Microsoft keeps the old seats", async () => {
    const id = await subscribed(h, { planId: "team", offerId: "fabrikam-analytics", quantity: 5 });
    // The worker's first attempt fails: its PATCH Failure and the client's one retry (MARKETPLACE_MAX_ATTEMPTS 2).
    await injectFault(h.sim, { endpoint: "patchOperation", kind: "error", count: 2 });
    const { op, sent } = await event(id, "change-quantity", { quantity: 8 });
    expect(sent).toMatchObject({ state: "delivered", attempts: [{ statusCode: 200 }] });
    // The queue's retry comes about 3 s later, inside Microsoft's 10-second window. Whether it confirms the
    // change with Get Operation first or (the confirmation's share of the window spent) refuses on the
    // payload's word and follows up, the delivery ends Applied with the refusal.
    const d = await settled(op.id, { status: "Applied" });
    expect(d.outcome).toMatch(/^Refused\W+the rule for fabrikam-analytics\/team says refuse/);
    expect(await remainingFaults(h.sim, "patchOperation")).toBe(0);
    expect((await h.client.getOperation(id, op.id)).status).toBe("Failed");
    expect((await simSub(id)).quantity).toBe(5);
    expect(await attemptsOf(d.id)).toEqual([
      { source: "microsoft", httpStatus: 200, outcome: "Received and queued." },
      {
        source: "queue",
        httpStatus: null,
        outcome: expect.stringMatching(
          /\(updateOperation: unavailable\)\. Attempt 1 of 11; the queue retries it in about 3 s\.$/,
        ),
      },
      { source: "queue", httpStatus: null, outcome: expect.stringMatching(/^Refused/) },
    ]);
    expect(await getSubscription(id)).toMatchObject({ quantity: 5 });
    await expectSameAsMicrosoft(h, id);
    expect((await auditActions(id)).filter((a) => a === "webhook.ChangeQuantity.refused")).toHaveLength(1);
  });

  it("a refusal whose PATCH Failure cannot reach Microsoft for longer than the window: Microsoft accepts the change on its own, and the portal stores that", async () => {
    const id = await subscribed(h, { planId: "team", offerId: "fabrikam-analytics", quantity: 5 });
    await injectFault(h.sim, { endpoint: "patchOperation", kind: "error", count: 100 });
    const { op, sent } = await event(id, "change-quantity", { quantity: 8 });
    expect(sent).toMatchObject({ state: "delivered", attempts: [{ statusCode: 200 }] });
    // Attempts at ~0 s and ~3 s fail; the one at ~11 s finds Microsoft's window closed and the change accepted
    // (should it still come first, its PATCH fails again and the next one, ~20 s later, finds it).
    const d = await settled(op.id, { status: "Applied", timeoutMs: 50_000 });
    expect((await h.client.getOperation(id, op.id)).status).toBe("Succeeded");
    expect((await simSub(id)).quantity).toBe(8);
    expect(d.outcome).toMatch(/^Stored Microsoft's state: plan team, 8 seats, Subscribed\.$/);
    const attempts = await attemptsOf(d.id);
    expect(attempts[0]).toEqual({ source: "microsoft", httpStatus: 200, outcome: "Received and queued." });
    const failed = attempts.slice(1, -1);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    failed.forEach((a, i) =>
      expect(a).toEqual({
        source: "queue",
        httpStatus: null,
        outcome: expect.stringMatching(new RegExp(`\\(updateOperation: \\w+\\)\\. Attempt ${i + 1} of 11;`)),
      }),
    );
    expect(attempts.at(-1)).toMatchObject({ source: "queue", httpStatus: null });
    expect(await remainingFaults(h.sim, "patchOperation")).toBe(100 - 2 * failed.length);
    // The portal stores what Microsoft decided, and no refusal it never got through.
    expect(await getSubscription(id)).toMatchObject({ quantity: 8 });
    await expectSameAsMicrosoft(h, id);
    expect(await auditActions(id)).not.toContain("webhook.ChangeQuantity.refused");
  });

  it("refuses a reinstatement by cancelling the subscription (DELETE), as Microsoft advises", async () => {
    restoreEnv = setPortalEnv({ WEBHOOK_REINSTATE_POLICY: "refuse" });
    resetEnvCache();
    const id = await subscribed(h, { planId: "basic" });
    await event(id, "suspend");
    const { delivery: d } = await event(id, "reinstate");
    expect(d.outcome).toMatch(/^Refused: WEBHOOK_REINSTATE_POLICY says refuse.*Cancellation requested/);
    // The cancellation ends with its own webhook (source Partner): Unsubscribed, once the worker applied it.
    const stored = await deliveriesSettled(id, 3);
    expect(stored.map((s) => [s.action, s.status])).toEqual(expect.arrayContaining([["Unsubscribe", "Applied"]]));
    expect((await simSub(id)).saasSubscriptionStatus).toBe("Unsubscribed");
    expect((await getSubscription(id))?.status).toBe("Unsubscribed");
    await expectSameAsMicrosoft(h, id);
  });

  it("refusing a reinstatement whose DELETE answer is lost: one DELETE at Microsoft, answered 200, the cancellation followed by its own webhook", async () => {
    restoreEnv = setPortalEnv({ WEBHOOK_REINSTATE_POLICY: "refuse" });
    resetEnvCache();
    const id = await subscribed(h, { planId: "basic" });
    await event(id, "suspend");
    await h.sim.control("DELETE", "/calls");
    // Microsoft processes the DELETE but its answer never arrives (the portal's attempt times out).
    await injectFault(h.sim, { endpoint: "delete", kind: "reset-after", count: 1 });
    const { sent, delivery: d } = await event(id, "reinstate");
    expect(sent.attempts.map((a) => a.statusCode)).toEqual([200]);
    expect(d.outcome).toMatch(
      /^Refused: WEBHOOK_REINSTATE_POLICY says refuse.*may have reached Microsoft but its answer was lost/,
    );
    // The worker's one attempt: a DELETE whose answer is lost is not a failure the queue retries (a retry would send it again).
    expect((await attemptsOf(d.id)).map((a) => [a.source, a.httpStatus])).toEqual([
      ["microsoft", 200],
      ["queue", null],
    ]);
    const stored = await deliveriesSettled(id, 3);
    expect(stored.map((s) => [s.action, s.status])).toEqual(expect.arrayContaining([["Unsubscribe", "Applied"]]));
    const calls =
      (await h.sim.control<{ bySubscription: Record<string, Record<string, number>> }>("GET", "/calls")).body
        .bySubscription[id] ?? {};
    expect(calls.delete).toBe(1);
    expect((await getSubscription(id))?.status).toBe("Unsubscribed");
    await expectSameAsMicrosoft(h, id);
  });
});
