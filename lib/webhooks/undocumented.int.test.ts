import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { getDeliveryByOperation, listAttempts } from "@/lib/data/deliveries";
import { getSubscription } from "@/lib/data/subscriptions";
import { syncSubscription } from "@/lib/data/subscription-store";
import { countNeedingAttention, listInbox } from "@/lib/data/webhook-inbox";
import { toSubscriptionSnapshot } from "@/lib/marketplace/snapshot";
import { settledWebhooks } from "@/test/simulator";
import {
  customerEvent,
  payloadOf,
  post,
  settled,
  startHarness,
  subscribed,
  webhookBearer,
  type Harness,
} from "@/test/webhook-harness";

// Microsoft adds actions and statuses without notice. A delivery never stalls on one (Microsoft would retry
// it for 8 hours): it is acknowledged, what can be stored is stored, and the inbox flags it for an operator.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());
afterEach(() => h.sim.control("DELETE", "/faults"));

const inbox = async (operationId: string) => (await getDeliveryByOperation(operationId))!;
/** A delivery's attempts: who made each (Microsoft's delivery, the queue's worker) and its answer to Microsoft. */
const attemptsOf = async (deliveryId: string) =>
  (await listAttempts(deliveryId)).map((a) => ({ source: a.source, httpStatus: a.httpStatus }));
/** Microsoft reports an undocumented status for the subscription (undefined: the documented one again). */
const reportStatus = (id: string, status: string | undefined) =>
  h.sim.control("POST", `/subscriptions/${id}/report-status`, status === undefined ? {} : { status });

describe("a subscription status Microsoft has not documented", () => {
  it("is acknowledged (200, once), the last known status kept, everything else stored, and flagged in the inbox", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
    // The portal knows the subscription (as the landing page left it): Subscribed, 10 seats.
    await syncSubscription(toSubscriptionSnapshot(await h.client.getSubscription(id)), {
      actor: { type: "microsoft" },
      action: "test.setup",
    });
    await reportStatus(id, "Frozen");
    const op = await customerEvent(h, id, "change-quantity", { quantity: 12 });
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id });
    expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);

    // Applied by the worker at its first attempt: nothing is retried for an undocumented status.
    const delivery = await settled(op.id);
    expect(await attemptsOf(delivery.id)).toEqual([
      { source: "microsoft", httpStatus: 200 },
      { source: "queue", httpStatus: null },
    ]);
    expect(delivery).toMatchObject({
      status: "Applied",
      attention: expect.stringMatching(
        /^Microsoft reported a subscription status it has not documented \("Frozen"\); the portal kept the last known status/,
      ),
    });
    expect(delivery.outcome).toMatch(/status "Frozen" \(undocumented; the stored status is kept\)/);
    expect(await getSubscription(id)).toMatchObject({ status: "Subscribed", quantity: 12 });
    const audit = await listAuditFor("subscription", id);
    expect(audit.find((a) => a.action === "webhook.unknown-status")).toMatchObject({
      actorType: "microsoft",
      after: { reportedStatus: "Frozen", keptStatus: "Subscribed" },
    });
    expect((await listInbox({ attention: true, subscriptionId: id })).items.map((d) => d.operationId)).toEqual([op.id]);
  });

  it("a subscription never seen before is stored as NotStarted (it grants nothing), flagged, answered 200", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await h.sim.control("POST", "/faults/webhooks", { kind: "drop" });
    const suspend = await customerEvent(h, id, "suspend");
    await reportStatus(id, "Quarantined");
    expect(await post(h, payloadOf(suspend), await webhookBearer(h))).toBe(200);
    expect(await settled(suspend.id)).toMatchObject({
      status: "Applied",
      attention: expect.stringContaining('"Quarantined"'),
    });
    expect(await getSubscription(id)).toMatchObject({ status: "NotStarted", planId: "basic" });
    // Once Microsoft reports a documented status again, it is stored as usual (and the flag stays on the delivery).
    await reportStatus(id, undefined);
    const reinstate = await customerEvent(h, id, "reinstate");
    await settledWebhooks(h.sim, { operationId: reinstate.id });
    // Accepted; Applied once Microsoft's subscription shows it (perhaps after a follow-up read).
    expect((await settled(reinstate.id, { status: "Applied" })).attention).toBeNull();
    expect((await getSubscription(id))?.status).toBe("Subscribed");
    expect((await inbox(suspend.id)).attention).toContain("Quarantined");
  });
});

describe("an action Microsoft has not documented", () => {
  it("is acknowledged once, kept, nothing applied, and flagged for an operator", async () => {
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
    const before = await countNeedingAttention();
    expect(await post(h, body, await webhookBearer(h))).toBe(200);
    const delivery = await settled(operationId);
    expect(delivery).toMatchObject({
      status: "Ignored",
      action: "Transfer",
      attention: expect.stringMatching(/^Microsoft sent an action it has not documented \(Transfer\)/),
    });
    expect(await countNeedingAttention()).toBe(before + 1);
    // Answered 200 once, looked at once by the worker, never retried.
    expect(await attemptsOf(delivery.id)).toEqual([
      { source: "microsoft", httpStatus: 200 },
      { source: "queue", httpStatus: null },
    ]);
    expect(await getSubscription(id)).toBeNull();
  });
});
