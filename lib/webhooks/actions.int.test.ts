import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { getDeliveryByOperation, listAttempts } from "@/lib/data/deliveries";
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

const delivery = async (operationId: string) => (await getDeliveryByOperation(operationId))!;
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

describe("each action is applied from Microsoft's state", () => {
  it("Subscribe (auto-activation): the subscription is created as Subscribed", async () => {
    const { subscriptionId } = await purchase(h.sim, { planId: "auto" });
    const [sent] = await settledWebhooks(h.sim, { subscriptionId });
    expect(sent).toMatchObject({ action: "Subscribe", state: "delivered" });
    expect(sent!.attempts.at(-1)?.statusCode).toBe(200);
    expect(await getSubscription(subscriptionId)).toMatchObject({
      status: "Subscribed",
      planId: "auto",
      activatedAt: null,
    });
    await expectSameAsMicrosoft(h, subscriptionId);
    expect(await auditActions(subscriptionId)).toEqual(["webhook.Subscribe"]);
    const stored = await delivery(sent!.operationId);
    expect(stored).toMatchObject({ status: "Applied", attempts: sent!.attempts.length });
    const attempts = await listAttempts(stored.id);
    expect(attempts.at(-1)).toMatchObject({ source: "microsoft", httpStatus: 200 });
    expect(attempts.at(-1)?.durationMs).toBeGreaterThanOrEqual(0);
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
    expect(await remainingFaults(h.sim, "patchOperation")).toBe(100);
    expect((await delivery(ref.operationId!)).status).toBe("Applied");
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
    expect(await delivery(operationId)).toMatchObject({
      status: "Ignored",
      action: "Transfer",
      payload: { newThing: { kept: true } },
    });
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

  it("refuses with a 400 answer when the PATCH Failure cannot reach Microsoft, and Microsoft keeps the old plan", async () => {
    const id = await subscribed(h, { planId: "team", offerId: "fabrikam-analytics", quantity: 5 });
    await injectFault(h.sim, { endpoint: "patchOperation", kind: "error", count: 10 });
    const { sent, delivery: d } = await event(id, "change-quantity", { quantity: 8 });
    expect(sent).toMatchObject({ state: "rejected", attempts: [{ statusCode: 400 }] });
    expect((await simSub(id)).quantity).toBe(5);
    expect(d.outcome).toMatch(/could not be sent, so the webhook answered 400/);
    await expectSameAsMicrosoft(h, id);
  });

  it("refuses a reinstatement by cancelling the subscription (DELETE), as Microsoft advises", async () => {
    restoreEnv = setPortalEnv({ WEBHOOK_REINSTATE_POLICY: "refuse" });
    resetEnvCache();
    const id = await subscribed(h, { planId: "basic" });
    await event(id, "suspend");
    const { delivery: d } = await event(id, "reinstate");
    expect(d.outcome).toMatch(/^Refused: WEBHOOK_REINSTATE_POLICY says refuse.*Cancellation requested/);
    // The cancellation ends with its own webhook (source Partner): Unsubscribed.
    await settledWebhooks(h.sim, { subscriptionId: id }, { count: 3 });
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
    expect(sent.attempts.at(-1)?.statusCode).toBe(200);
    expect(d.outcome).toMatch(
      /^Refused: WEBHOOK_REINSTATE_POLICY says refuse.*may have reached Microsoft but its answer was lost/,
    );
    await settledWebhooks(h.sim, { subscriptionId: id }, { count: 3 });
    const calls =
      (await h.sim.control<{ bySubscription: Record<string, Record<string, number>> }>("GET", "/calls")).body
        .bySubscription[id] ?? {};
    expect(calls.delete).toBe(1);
    expect((await getSubscription(id))?.status).toBe("Unsubscribed");
    await expectSameAsMicrosoft(h, id);
  });
});
