import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { getDeliveryByOperation, listAttempts } from "@/lib/data/deliveries";
import { getSubscription } from "@/lib/data/subscriptions";
import { resetEnvCache } from "@/lib/env";
import { injectFault, remainingFaults } from "@/test/marketplace-support";
import { setPortalEnv, settledWebhooks } from "@/test/simulator";
import { rerunDelivery } from "./rerun";
import {
  customerEvent,
  expectSameAsMicrosoft,
  payloadOf,
  post,
  startHarness,
  subscribed,
  webhookBearer,
  type Harness,
} from "@/test/webhook-harness";

// Microsoft delivers at least once, sometimes twice at the same moment, out of order, and retries for
// hours: the inbox applies each operation once, in the right order, and recovers on Microsoft's retry.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());
afterEach(() => h.sim.control("DELETE", "/faults"));

const simSub = async (id: string) =>
  (
    await h.sim.control<{ planId: string; quantity?: number; saasSubscriptionStatus: string }>(
      "GET",
      `/subscriptions/${id}`,
    )
  ).body;
const auditActions = async (id: string) => (await listAuditFor("subscription", id)).map((a) => a.action);
const inbox = async (operationId: string) => (await getDeliveryByOperation(operationId))!;
const dropNextWebhooks = (count = 1) => h.sim.control("POST", "/faults/webhooks", { kind: "drop", count });
/** Counts the portal's PATCHes of operations: a zero-length hang changes nothing about the answer. */
const countPatches = async () => {
  await injectFault(h.sim, { endpoint: "patchOperation", kind: "hang", hangMs: 0, count: 1000 });
  return async () => 1000 - (await remainingFaults(h.sim, "patchOperation"));
};

describe("repeated deliveries", () => {
  it("apply once when the same delivery arrives five times", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "change-quantity", { quantity: 20 });
    const patches = await countPatches();
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push(await post(h, payloadOf(op), await webhookBearer(h)));
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    expect(await patches()).toBe(1);
    const delivery = await inbox(op.id);
    expect(delivery).toMatchObject({ status: "Applied", attempts: 5 });
    expect((await listAttempts(delivery.id)).map((a) => a.outcome.startsWith("Repeat delivery"))).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
    expect((await auditActions(id)).filter((a) => a.startsWith("webhook.ChangeQuantity"))).toEqual([
      "webhook.ChangeQuantity.accepted",
      "webhook.ChangeQuantity",
    ]);
    await expectSameAsMicrosoft(h, id);
  });

  it("apply once when five copies arrive at the same moment (the database decides, not memory)", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "change-quantity", { quantity: 30 });
    const patches = await countPatches();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => webhookBearer(h)));
    const answers = await Promise.all(tokens.map((token) => post(h, payloadOf(op), token)));
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    expect(await patches()).toBe(1);
    expect(await inbox(op.id)).toMatchObject({ status: "Applied", attempts: 5 });
    expect((await auditActions(id)).filter((a) => a === "webhook.ChangeQuantity")).toHaveLength(1);
    expect((await simSub(id)).quantity).toBe(30);
    await expectSameAsMicrosoft(h, id);
  });

  it("answer a copy that arrives while the first is failing as the first ends (503), so Microsoft keeps retrying", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "suspend");
    // Microsoft's Operations API hangs past the portal's per-call timeout, twice: the first attempt fails after ~4 s.
    await injectFault(h.sim, { endpoint: "getOperation", kind: "hang", hangMs: 3_000, count: 2 });
    const first = post(h, payloadOf(op), await webhookBearer(h));
    await new Promise((r) => setTimeout(r, 300));
    const copy = post(h, payloadOf(op), await webhookBearer(h));
    expect(await Promise.all([first, copy])).toEqual([503, 503]);
    const delivery = await inbox(op.id);
    expect(delivery.status).toBe("Failed");
    const attempts = (await listAttempts(delivery.id)).map((a) => [
      a.httpStatus,
      a.outcome.startsWith("Repeat delivery while another attempt was applying it, which failed"),
    ]);
    expect(attempts.sort()).toEqual([
      [503, false],
      [503, true],
    ]);
    // Microsoft's next retry applies it.
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    await expectSameAsMicrosoft(h, id);
  });

  it("apply once when Microsoft itself sends a notification twice", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await h.sim.control("POST", "/faults/webhooks", { kind: "duplicate" });
    const op = await customerEvent(h, id, "suspend");
    const sent = await settledWebhooks(h.sim, { operationId: op.id }, { count: 2 });
    expect(sent.map((d) => d.state)).toEqual(["delivered", "delivered"]);
    expect(await inbox(op.id)).toMatchObject({ status: "Applied", attempts: 2 });
    expect((await auditActions(id)).filter((a) => a === "webhook.Suspend")).toHaveLength(1);
    await expectSameAsMicrosoft(h, id);
  });
});

describe("deliveries out of order", () => {
  it("Suspend delivered after the Reinstate that followed it: ignored as stale, the subscription stays Subscribed", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await h.sim.control("POST", "/faults/webhooks", { kind: "reorder", count: 2 });
    const suspend = await customerEvent(h, id, "suspend");
    const reinstate = await customerEvent(h, id, "reinstate");
    await settledWebhooks(h.sim, { subscriptionId: id }, { count: 2 });
    expect((await inbox(reinstate.id)).status).toBe("Applied");
    expect(await inbox(suspend.id)).toMatchObject({ status: "Ignored", outcome: expect.stringMatching(/^Stale/) });
    expect((await getSubscription(id))?.status).toBe("Subscribed");
    await expectSameAsMicrosoft(h, id);
  });

  it("Suspend delivered after the Unsubscribe that followed it: ignored, the subscription stays Unsubscribed", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await h.sim.control("POST", "/faults/webhooks", { kind: "reorder", count: 2 });
    const suspend = await customerEvent(h, id, "suspend");
    await customerEvent(h, id, "expire-grace");
    await settledWebhooks(h.sim, { subscriptionId: id }, { count: 2 });
    expect((await inbox(suspend.id)).status).toBe("Ignored");
    expect((await getSubscription(id))?.status).toBe("Unsubscribed");
    await expectSameAsMicrosoft(h, id);
  });

  it("an event Microsoft's state does not show yet is answered 503 until the later event explains it", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await dropNextWebhooks(2);
    const suspend = await customerEvent(h, id, "suspend");
    const reinstate = await customerEvent(h, id, "reinstate");
    await h.client.updateOperation(id, reinstate.id, "Success"); // accepted elsewhere: Microsoft now says Subscribed
    // Suspend first: Microsoft says Subscribed and no later operation is known, so it may be Microsoft's lag.
    expect(await post(h, payloadOf(suspend), await webhookBearer(h))).toBe(503);
    expect(await inbox(suspend.id)).toMatchObject({
      status: "Failed",
      outcome: expect.stringMatching(/does not show this Suspend yet/),
    });
    expect(await getSubscription(id)).toBeNull();
    // The Reinstate arrives and is applied; Microsoft's next retry of the Suspend is then recognised as stale.
    expect(await post(h, payloadOf(reinstate), await webhookBearer(h))).toBe(200);
    expect(await post(h, payloadOf(suspend), await webhookBearer(h))).toBe(200);
    expect((await inbox(suspend.id)).status).toBe("Ignored");
    expect((await getSubscription(id))?.status).toBe("Subscribed");
    await expectSameAsMicrosoft(h, id);
  });
});

describe("failures", () => {
  it("Get Operation failing: 503, then applied on Microsoft's retry", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await injectFault(h.sim, { endpoint: "getOperation", kind: "error", count: 2 }); // both of the portal's attempts
    const op = await customerEvent(h, id, "suspend");
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id });
    expect(sent!.attempts.map((a) => a.statusCode)).toEqual([503, 200]);
    const delivery = await inbox(op.id);
    expect(delivery).toMatchObject({ status: "Applied", attempts: 2 });
    expect(await listAttempts(delivery.id)).toMatchObject([
      {
        source: "microsoft",
        httpStatus: 503,
        outcome: expect.stringMatching(/^Microsoft could not be reached .*\(getOperation: unavailable\)/),
      },
      { source: "microsoft", httpStatus: 200, outcome: "Stored Microsoft's state: plan basic, Suspended." },
    ]);
    await expectSameAsMicrosoft(h, id);
  });

  it("the database unreachable: 503, then applied on Microsoft's retry once it is back", async () => {
    const id = await subscribed(h, { planId: "basic" });
    const { disconnectDb } = await import("@/lib/db");
    // A closed port: every query fails to connect, as when the database server is down.
    const unreachable = async () => {
      await disconnectDb();
      const restore = setPortalEnv({ DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:9/postgres" });
      resetEnvCache();
      return async () => {
        await disconnectDb();
        restore();
        resetEnvCache();
      };
    };
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "suspend");
    const reachable = await unreachable();
    try {
      expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(503);
      expect((await simSub(id)).saasSubscriptionStatus).toBe("Suspended");
    } finally {
      await reachable();
    }
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    expect(await inbox(op.id)).toMatchObject({ status: "Applied", attempts: 1 });
    await expectSameAsMicrosoft(h, id);
  });
});

describe("refused deliveries and re-runs", () => {
  it.each<[string, { quantity?: number; planId?: string; action?: string; subscriptionId?: string; id?: string }]>([
    ["another quantity", { quantity: 400 }],
    ["another plan", { planId: "enterprise" }],
    ["another action", { action: "ChangePlan" }],
    ["another subscription", { subscriptionId: "other" }],
    ["an operation Microsoft does not know", { id: "unknown" }],
  ])(
    "a payload naming %s than Microsoft's operation is refused, kept for review, nothing applied",
    async (_case, over) => {
      const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
      await dropNextWebhooks();
      const op = await customerEvent(h, id, "change-quantity", { quantity: 12 });
      const tampered = {
        ...over,
        ...(over.subscriptionId ? { subscriptionId: await subscribed(h, { planId: "basic" }) } : {}),
        ...(over.id ? { id: crypto.randomUUID() } : {}),
      };
      const patches = await countPatches();
      expect(await post(h, payloadOf(op, tampered), await webhookBearer(h))).toBe(200);
      expect(await inbox(tampered.id ?? op.id)).toMatchObject({
        status: "Refused",
        outcome: expect.stringMatching(/^Refused: .*Nothing was applied; kept for review/),
      });
      expect(await patches()).toBe(0);
      expect(await getSubscription(id)).toBeNull();
      expect((await simSub(id)).quantity).toBe(10);
    },
  );

  it("an owner re-runs a failed delivery: applied, logged as a re-run, audited", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "suspend");
    await injectFault(h.sim, { endpoint: "getOperation", kind: "error", count: 2 });
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(503);
    const failed = await inbox(op.id);
    expect(failed.status).toBe("Failed");

    const owner = { id: "00000000-0000-4000-8000-0000000000aa", label: "Olivia Owens" };
    expect(await rerunDelivery(failed.id, owner)).toMatchObject({
      kind: "done",
      result: { status: "Applied", httpStatus: 200 },
    });
    expect((await listAttempts(failed.id)).map((a) => [a.source, a.httpStatus])).toEqual([
      ["microsoft", 503],
      ["rerun", 200],
    ]);
    expect((await listAuditFor("delivery", failed.id))[0]).toMatchObject({
      action: "webhook.rerun",
      actorType: "user",
      actorLabel: "Olivia Owens",
      before: { status: "Failed" },
    });
    await expectSameAsMicrosoft(h, id);
    // Applied deliveries are not re-run.
    expect(await rerunDelivery(failed.id, owner)).toEqual({ kind: "not-rerunnable", status: "Applied" });
    expect(await rerunDelivery(crypto.randomUUID(), owner)).toEqual({ kind: "not-found" });
  });
});
