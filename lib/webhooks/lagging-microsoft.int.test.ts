import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { listAttempts } from "@/lib/data/deliveries";
import { getSubscription } from "@/lib/data/subscriptions";
import { syncSubscription } from "@/lib/data/subscription-store";
import { toSubscriptionSnapshot } from "@/lib/marketplace/snapshot";
import { injectFault, remainingFaults } from "@/test/marketplace-support";
import { settledWebhooks } from "@/test/simulator";
import {
  customerEvent,
  expectSameAsMicrosoft,
  settled,
  startHarness,
  subscribed,
  type Harness,
} from "@/test/webhook-harness";

// Microsoft's Get Subscription lags behind its operations (the simulator's SIM_SUBSCRIPTION_LAG_MS, as
// Microsoft's own emulator does): Get Operation says Succeeded while the subscription still shows the old
// plan, seats or term. The portal answers every delivery 200 at once and its worker applies it: it must
// neither store the old state as the change, nor retry (decide again on) a change it has already answered.
// A notice Microsoft's state does not show yet is retried by the queue (about 2.7 s, then 7.4 s later),
// which outlasts the lag.

const LAG_MS = 3_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ simEnv: { SIM_SUBSCRIPTION_LAG_MS: String(LAG_MS) } });
});
afterAll(() => h?.stop());
afterEach(() => h.sim.control("DELETE", "/faults"));

const settledInbox = (operationId: string, status: string) => settled(operationId, { status, timeoutMs: 30_000 });
/** The inbox's attempts at a delivery: Microsoft's receipt (answered 200), then the queue worker's (no answer). */
const attemptsOf = async (deliveryId: string) =>
  (await listAttempts(deliveryId)).map(({ source, httpStatus, outcome }) => ({ source, httpStatus, outcome }));
const RECEIPT = { source: "microsoft", httpStatus: 200 };
const WORKED = { source: "queue", httpStatus: null };
/** The portal's copy as the landing page or an earlier delivery left it: Microsoft's state now. */
const storedAsMicrosoftSaysNow = async (id: string) =>
  syncSubscription(toSubscriptionSnapshot(await h.client.getSubscription(id)), {
    actor: { type: "microsoft" },
    action: "test.setup",
  });

describe("an accepted change Microsoft's subscription does not show yet", () => {
  it("is answered 200 at once and decided by one worker attempt (Pending, never retried), then stored by the follow-up read once Microsoft shows it (Applied)", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
    await storedAsMicrosoftSaysNow(id);
    const patches = await injectFault(h.sim, { endpoint: "patchOperation", kind: "hang", hangMs: 0, count: 100 }).then(
      () => async () => 100 - (await remainingFaults(h.sim, "patchOperation")),
    );
    const op = await customerEvent(h, id, "change-quantity", { quantity: 25 });
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id });
    // One delivery, answered 200: a Microsoft side that takes any non-2xx as a failure keeps the accepted change.
    expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
    const pending = await settled(op.id);
    expect(await patches()).toBe(1);
    expect(pending).toMatchObject({
      status: "Pending",
      outcome: expect.stringMatching(
        /^Accepted: .*does not show it yet \(plan pro-seats, 10 seats, Subscribed; stored for now\): following it up/,
      ),
    });
    expect((await getSubscription(id))?.quantity).toBe(10); // the inbox says what is stored: not yet the change

    const applied = await settledInbox(op.id, "Applied");
    expect(applied.outcome).toMatch(
      /showed it \d+ s later \(follow-up read\): stored plan pro-seats, 25 seats, Subscribed\.$/,
    );
    // One worker attempt: the queue did not retry (and so did not decide again on) the answered change.
    expect(await attemptsOf(applied.id)).toEqual([expect.objectContaining(RECEIPT), expect.objectContaining(WORKED)]);
    expect(await patches()).toBe(1);
    expect((await getSubscription(id))?.quantity).toBe(25);
    await expectSameAsMicrosoft(h, id);
    const audit = (await listAuditFor("subscription", id)).filter((a) => a.action.startsWith("webhook."));
    expect(audit.map((a) => a.action).sort()).toEqual(["webhook.ChangeQuantity", "webhook.ChangeQuantity.accepted"]);
    expect(audit.find((a) => a.action === "webhook.ChangeQuantity")).toMatchObject({
      before: { quantity: 10 },
      after: { quantity: 25 },
    });
  });

  it("a ChangePlan the same way: Pending while Microsoft shows the old plan, Applied with the new one", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 60 });
    const op = await customerEvent(h, id, "change-plan", { planId: "enterprise" });
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id });
    expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
    expect((await settled(op.id)).status).toBe("Pending");
    const applied = await settledInbox(op.id, "Applied");
    expect(await attemptsOf(applied.id)).toEqual([expect.objectContaining(RECEIPT), expect.objectContaining(WORKED)]);
    expect((await getSubscription(id))?.planId).toBe("enterprise");
    await expectSameAsMicrosoft(h, id);
  });
});

describe("a Renew while Get Subscription still shows the old term", () => {
  it("is not Applied with the old term: answered 200, retried by the queue until Microsoft shows the new term, then Applied with it", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await storedAsMicrosoftSaysNow(id);
    const oldEnd = (await getSubscription(id))!.termEndDate!;
    const op = await customerEvent(h, id, "renew");
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id });
    expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
    const delivery = await settledInbox(op.id, "Applied");
    const [receipt, ...work] = await attemptsOf(delivery.id);
    expect(receipt).toMatchObject(RECEIPT);
    // The first attempt finds the old term and leaves the delivery to the queue; one after the lag stores the new one.
    expect(work.length).toBeGreaterThanOrEqual(2);
    work.slice(0, -1).forEach((attempt, i) =>
      expect(attempt).toEqual({
        ...WORKED,
        outcome: expect.stringMatching(
          new RegExp(
            `^Microsoft's subscription does not show this Renew yet \\(operation Succeeded; plan basic, Subscribed\\);.* Attempt ${i + 1} of 11; the queue retries it in about ${["3", "7"][i] ?? "\\d+"} s\\.$`,
          ),
        ),
      }),
    );
    expect(work.at(-1)).toEqual({
      ...WORKED,
      outcome: expect.stringMatching(/^Stored Microsoft's state: plan basic, Subscribed\.$/),
    });
    const stored = await getSubscription(id);
    expect(stored!.termEndDate!.getTime()).toBeGreaterThan(oldEnd.getTime());
    await expectSameAsMicrosoft(h, id);
  });
});
