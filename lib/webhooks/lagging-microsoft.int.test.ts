import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { getDeliveryByOperation, listAttempts } from "@/lib/data/deliveries";
import { getSubscription } from "@/lib/data/subscriptions";
import { syncSubscription } from "@/lib/data/subscription-store";
import { toSubscriptionSnapshot } from "@/lib/marketplace/snapshot";
import { injectFault, remainingFaults } from "@/test/marketplace-support";
import { settledWebhooks } from "@/test/simulator";
import { customerEvent, expectSameAsMicrosoft, startHarness, subscribed, type Harness } from "@/test/webhook-harness";

// Microsoft's Get Subscription lags behind its operations (the simulator's SIM_SUBSCRIPTION_LAG_MS, as
// Microsoft's own emulator does): Get Operation says Succeeded while the subscription still shows the old
// plan, seats or term. The portal must neither store the old state as the change nor make Microsoft retry
// a change it has already answered.

const LAG_MS = 3_000;
let h: Harness;
beforeAll(async () => {
  // Microsoft's retries spread over several seconds here, so that a retry can outlast the lag.
  h = await startHarness({
    simEnv: {
      SIM_SUBSCRIPTION_LAG_MS: String(LAG_MS),
      SIM_WEBHOOK_RETRY_BASE_MS: "1000",
      SIM_WEBHOOK_RETRY_MAX_DELAY_MS: "4000",
      SIM_WEBHOOK_MAX_ATTEMPTS: "6",
    },
  });
});
afterAll(() => h?.stop());
afterEach(() => h.sim.control("DELETE", "/faults"));

const inbox = async (operationId: string) => (await getDeliveryByOperation(operationId))!;
const settledInbox = async (operationId: string, status: string) => {
  await expect.poll(async () => (await inbox(operationId)).status, { timeout: 30_000, interval: 250 }).toBe(status);
  return inbox(operationId);
};
/** The portal's copy as the landing page or an earlier delivery left it: Microsoft's state now. */
const storedAsMicrosoftSaysNow = async (id: string) =>
  syncSubscription(toSubscriptionSnapshot(await h.client.getSubscription(id)), {
    actor: { type: "microsoft" },
    action: "test.setup",
  });

describe("an accepted change Microsoft's subscription does not show yet", () => {
  it("is answered 200 at once (Pending, never 503), then stored by the follow-up read once Microsoft shows it (Applied)", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
    await storedAsMicrosoftSaysNow(id);
    const patches = await injectFault(h.sim, { endpoint: "patchOperation", kind: "hang", hangMs: 0, count: 100 }).then(
      () => async () => 100 - (await remainingFaults(h.sim, "patchOperation")),
    );
    const op = await customerEvent(h, id, "change-quantity", { quantity: 25 });
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id });
    // One delivery, answered 200: a Microsoft side that takes any non-2xx as a failure keeps the accepted change.
    expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
    expect(await patches()).toBe(1);
    const pending = await inbox(op.id);
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
    expect((await listAttempts(applied.id)).map((a) => a.httpStatus)).toEqual([200]);
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
    expect((await inbox(op.id)).status).toBe("Pending");
    await settledInbox(op.id, "Applied");
    expect((await getSubscription(id))?.planId).toBe("enterprise");
    await expectSameAsMicrosoft(h, id);
  });
});

describe("a Renew while Get Subscription still shows the old term", () => {
  it("is not Applied with the old term: 503 until Microsoft shows the new term, then Applied with it", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await storedAsMicrosoftSaysNow(id);
    const oldEnd = (await getSubscription(id))!.termEndDate!;
    const op = await customerEvent(h, id, "renew");
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id }, { timeoutMs: 30_000 });
    const answers = sent!.attempts.map((a) => a.statusCode);
    expect(answers[0]).toBe(503);
    expect(answers.at(-1)).toBe(200);
    const delivery = await inbox(op.id);
    expect(delivery.status).toBe("Applied");
    const attempts = await listAttempts(delivery.id);
    expect(attempts[0]?.outcome).toMatch(/does not show this Renew yet/);
    expect(attempts.at(-1)?.outcome).toMatch(/^Stored Microsoft's state/);
    const stored = await getSubscription(id);
    expect(stored!.termEndDate!.getTime()).toBeGreaterThan(oldEnd.getTime());
    await expectSameAsMicrosoft(h, id);
  });
});
