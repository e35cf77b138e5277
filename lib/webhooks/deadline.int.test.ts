import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { getDeliveryByOperation, listAttempts } from "@/lib/data/deliveries";
import { syncSubscription } from "@/lib/data/subscription-store";
import { getSubscription } from "@/lib/data/subscriptions";
import { toSubscriptionSnapshot } from "@/lib/marketplace/snapshot";
import { injectFault } from "@/test/marketplace-support";
import { settledWebhooks } from "@/test/simulator";
import {
  customerEvent,
  expectSameAsMicrosoft,
  settled,
  startHarness,
  subscribed,
  type Harness,
} from "@/test/webhook-harness";

// Microsoft hanging while the portal decides. The webhook is answered 200 at once (the delivery is stored
// and queued); the worker decides within Microsoft's 10-second window, counted from the delivery's receipt.
// A refusal of a customer's change counts only if its PATCH Failure reaches Microsoft within that window;
// after that Microsoft accepts the change on its own, and the portal must store what Microsoft decided.
// Accepting a Reinstate must not wait on its PATCH. The portal runs with its production client settings
// (10 s per attempt, 4 attempts), the simulator with Microsoft's 10 s windows.

const WINDOW_MS = 10_000;
/**
 * The answer to Microsoft waits for nothing but the token check and the inbox's insert (well under a second;
 * margin for a loaded machine). Waiting for Microsoft's calls instead would take 4.5 s at least here (the
 * confirmation budget a hanging Get Operation uses up), 8 s when the PATCH hangs.
 */
const ANSWER_MS = 3_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { MARKETPLACE_TIMEOUT_MS: "10000", MARKETPLACE_MAX_ATTEMPTS: "4", WEBHOOK_CHANGE_POLICY: "refuse" },
    simEnv: { SIM_ACK_WINDOW_MS: String(WINDOW_MS), SIM_WEBHOOK_TIMEOUT_MS: String(WINDOW_MS) },
  });
  // One delivery first, so that the answers timed below are not the first ones (Entra's signing keys, code paths).
  const warmUp = await customerEvent(h, await subscribed(h, { planId: "basic" }), "suspend");
  await settled(warmUp.id);
});
afterAll(() => h?.stop());
afterEach(() => h.sim.control("DELETE", "/faults"));

type Fault = {
  endpoint: string;
  kind: "hang" | "error" | "throttle";
  hangMs?: number;
  count?: number;
  retryAfterSeconds?: number;
};
const HANG = { kind: "hang" as const, hangMs: 30_000, count: 20 };
const simSub = async (id: string) =>
  (
    await h.sim.control<{
      quantity?: number;
      saasSubscriptionStatus: string;
      operations: { id: string; status: string }[];
    }>("GET", `/subscriptions/${id}`)
  ).body;
const inbox = async (operationId: string) => (await getDeliveryByOperation(operationId))!;
/** The inbox's attempts at a delivery: who made each (Microsoft's receipt, the queue's worker), what it answered, what it found. */
const attemptsOf = async (deliveryId: string) =>
  (await listAttempts(deliveryId)).map(({ source, httpStatus, outcome }) => ({ source, httpStatus, outcome }));
const RECEIPT = { source: "microsoft", httpStatus: 200 };
/** The outcome of a worker's attempt that failed on `call` (`kind`) and left the delivery to the queue's first retry. */
const retried = (call: string, kind: string) =>
  new RegExp(`\\(${call}: ${kind}\\)\\. Attempt 1 of 11; the queue retries it in about 3 s\\.$`);

/**
 * A customer's seat change (10 → 25) the policy refuses, with `faults` at Microsoft; answered once, at once.
 * `stored`: the portal has the subscription already (else the delivery is its first news of it).
 */
async function refusedChange(faults: Fault[], { stored = false } = {}) {
  const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
  if (stored)
    await syncSubscription(toSubscriptionSnapshot(await h.client.getSubscription(id)), {
      actor: { type: "microsoft" },
      action: "test.setup",
    });
  for (const fault of faults) await injectFault(h.sim, fault);
  const op = await customerEvent(h, id, "change-quantity", { quantity: 25 });
  const createdAt = Date.now();
  const [sent] = await settledWebhooks(h.sim, { operationId: op.id }, { timeoutMs: 30_000 });
  // Answered once, 200, without waiting for Microsoft: Microsoft never retries, and nothing is refused by the answer.
  expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
  expect(sent!.attempts[0]!.durationMs).toBeLessThan(ANSWER_MS);
  const windowClosed = () => sleep(Math.max(0, createdAt + WINDOW_MS + 500 - Date.now()));
  return { id, op, windowClosed };
}

describe("a refusal reaches Microsoft within 10 seconds of the receipt whatever hangs before it", () => {
  it.each<[string, Fault[], { queueAttempts: RegExp[]; first: string[] }]>([
    [
      "Get Operation hanging: PATCH Failure on the payload's word",
      [{ endpoint: "getOperation", ...HANG }],
      {
        queueAttempts: [/^Refused \(.+\) on the payload's word: Microsoft's Operations API did not answer in time/],
        first: ["Pending"],
      },
    ],
    [
      "Get Subscription hanging: refused on Microsoft's operation, state read in the background",
      [{ endpoint: "get", ...HANG }],
      { queueAttempts: [/^Refused: .+ Get Subscription did not answer in time/], first: ["Pending"] },
    ],
    [
      "the PATCH Failure failing (500, every client attempt): the queue sends it again within the window",
      [{ endpoint: "patchOperation", kind: "error", count: 4 }],
      { queueAttempts: [retried("updateOperation", "unavailable"), /^Refused/], first: ["Applied", "Pending"] },
    ],
    [
      "the PATCH Failure throttled (429, every client attempt): the queue sends it again within the window",
      [{ endpoint: "patchOperation", kind: "throttle", retryAfterSeconds: 0, count: 4 }],
      { queueAttempts: [retried("updateOperation", "throttled"), /^Refused/], first: ["Applied", "Pending"] },
    ],
  ])(
    "%s; Microsoft keeps the old seats",
    async (_case, faults, expected) => {
      const { id, op, windowClosed } = await refusedChange(faults);
      // The worker's attempts, as the inbox shows them once it is done: a retry only when the refusal did not go out.
      const done = await settled(op.id, { timeoutMs: WINDOW_MS });
      expect(expected.first).toContain(done.status);
      const attempts = await attemptsOf(done.id);
      expect(attempts).toEqual([
        expect.objectContaining(RECEIPT),
        ...expected.queueAttempts.map((outcome) =>
          expect.objectContaining({ source: "queue", httpStatus: null, outcome: expect.stringMatching(outcome) }),
        ),
      ]);
      // Microsoft's window closes without accepting the change: the refusal counted.
      await windowClosed();
      const microsoft = await simSub(id);
      expect(microsoft.quantity).toBe(10);
      expect(microsoft.operations.find((o) => o.id === op.id)?.status).toBe("Failed");
      const decision = (await listAuditFor("subscription", id)).find(
        (a) => a.action === "webhook.ChangeQuantity.refused",
      );
      expect(decision).toMatchObject({ actorType: "system", after: { from: 10, to: 25, accepted: false } });
      expect(["Applied", "Pending"]).toContain((await inbox(op.id)).status);
      expect(await attemptsOf(done.id)).toHaveLength(attempts.length); // no attempt after the decision
    },
    60_000,
  );
});

describe("a refusal that cannot reach Microsoft within its window: Microsoft accepts, and the portal stores that", () => {
  it.each<[string, Fault[]]>([
    ["the PATCH Failure", [{ endpoint: "patchOperation", ...HANG }]],
    [
      "Get Operation (3 s), then the PATCH Failure",
      [
        { endpoint: "getOperation", kind: "hang", hangMs: 3_000, count: 1 },
        { endpoint: "patchOperation", ...HANG },
      ],
    ],
    [
      "everything, for the first attempt",
      [
        { endpoint: "getOperation", ...HANG, count: 1 },
        { endpoint: "get", ...HANG, count: 1 },
        { endpoint: "patchOperation", ...HANG },
      ],
    ],
  ])(
    "%s hanging: the queue retries after the window, finds the change accepted, and stores the new seats",
    async (_case, faults) => {
      const { id, op, windowClosed } = await refusedChange(faults, { stored: true });
      // The refusal's PATCH is abandoned at the end of the worker's budget (8 s from receipt); the retry
      // comes about 2.7 s later, after Microsoft's window.
      await windowClosed();
      const microsoft = await simSub(id);
      expect(microsoft.quantity).toBe(25);
      expect(microsoft.operations.find((o) => o.id === op.id)?.status).toBe("Succeeded");

      const delivery = await settled(op.id, { status: "Applied", timeoutMs: 30_000 });
      // Nobody else would notice that the policy's refusal did not count: the inbox flags it.
      expect(delivery.attention).toMatch(
        /^The policy refuses this change \(.+\), but the refusal did not reach Microsoft within its 10-second window/,
      );
      expect(await attemptsOf(delivery.id)).toEqual([
        expect.objectContaining(RECEIPT),
        {
          source: "queue",
          httpStatus: null,
          outcome: expect.stringMatching(retried("updateOperation", "timeout")),
        },
        {
          source: "queue",
          httpStatus: null,
          outcome: "Stored Microsoft's state: plan pro-seats, 25 seats, Subscribed.",
        },
      ]);
      expect((await getSubscription(id))?.quantity).toBe(25);
      await expectSameAsMicrosoft(h, id);
      // No refusal on record: the policy's refusal never reached Microsoft, and the change is Microsoft's.
      const audit = (await listAuditFor("subscription", id)).filter((a) => a.action.startsWith("webhook."));
      expect(audit.map((a) => a.action)).toEqual(["webhook.ChangeQuantity"]);
      expect(audit[0]).toMatchObject({ before: { quantity: 10 }, after: { quantity: 25 } });
    },
    60_000,
  );
});

describe("accepting a Reinstate does not depend on its PATCH (Microsoft no longer waits for it)", () => {
  it.each<[string, Fault]>([
    ["fails (500)", { endpoint: "patchOperation", kind: "error", count: 100 }],
    ["hangs", { endpoint: "patchOperation", ...HANG }],
  ])(
    "the PATCH %s: answered 200 once, at once, not retried by the queue, and applied when Microsoft reinstates",
    async (_case, fault) => {
      const id = await subscribed(h, { planId: "basic" });
      const suspend = await customerEvent(h, id, "suspend");
      await settledWebhooks(h.sim, { operationId: suspend.id });
      expect((await settled(suspend.id)).status).toBe("Applied");
      expect((await getSubscription(id))?.status).toBe("Suspended");
      await injectFault(h.sim, fault);
      const op = await customerEvent(h, id, "reinstate");
      const [sent] = await settledWebhooks(h.sim, { operationId: op.id }, { timeoutMs: 30_000 });
      expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
      expect(sent!.attempts[0]!.durationMs).toBeLessThan(ANSWER_MS);
      const delivery = await settled(op.id, { timeoutMs: WINDOW_MS });
      expect(delivery.outcome).toMatch(
        /^Accepted: WEBHOOK_REINSTATE_POLICY says accept\. The acknowledgement \(PATCH Success\) did not go through \((unavailable|timeout)\); Microsoft reinstates without it\./,
      );
      // Microsoft reinstates when its window closes; the follow-up read stores it.
      await expect.poll(async () => (await inbox(op.id)).status, { timeout: 45_000, interval: 500 }).toBe("Applied");
      expect((await getSubscription(id))?.status).toBe("Subscribed");
      // One attempt of the queue's: a failed acknowledgement of an acceptance is not retried.
      expect((await listAttempts(delivery.id)).map((a) => [a.source, a.httpStatus])).toEqual([
        ["microsoft", 200],
        ["queue", null],
      ]);
      await expectSameAsMicrosoft(h, id);
      expect((await listAuditFor("subscription", id)).map((a) => a.action)).toEqual(
        expect.arrayContaining(["webhook.Reinstate.accepted", "webhook.Reinstate"]),
      );
    },
    120_000,
  );
});
