import "server-only";
import { attemptWrites, type AttemptInput, type DeliveryOutcome } from "@/lib/data/deliveries";
import { recordEvent, type NewEvent } from "@/lib/data/events";
import { storeReading, storeReadingIfUnchanged, type Reading } from "@/lib/data/subscription-store";
import type { SubscriptionRecord } from "@/lib/data/subscriptions";
import type { PolicyDecision } from "./handlers";

/**
 * Writes what a delivery found through the one writer of subscription state (lib/data/subscription-store.ts):
 * Microsoft's subscription (its event `webhook.<Action>`, only what changed) and the policy's decision (an
 * event of the portal's own), together or not at all. The delivery's status is set with its attempt: in
 * the same statement on the fast path, else afterwards by the caller (a crash in between leaves it
 * Running, and the queue's next attempt re-applies it, which is idempotent).
 *
 * Readings are stored in the order Microsoft was asked: a reading older than the stored one is refused
 * as "outdated", so that the caller reads again. The common case takes one statement: with the row as the
 * inbox insert read it (`seen`), the write (with the delivery's status and attempt, `finish`) happens only
 * if the row has not moved since; otherwise the locking path decides and the caller records the attempt.
 */

export type StoreInput = {
  action: string;
  reading: Reading | undefined;
  decision: PolicyDecision | undefined;
  subscriptionId: string;
  /** The stored row as read before Microsoft's answers arrived (null: none), for the one-statement path. */
  seen?: SubscriptionRecord | null;
  /** The delivery's attempt and new status, written by the one-statement path with the result ("recorded"). */
  finish?: { attempt: AttemptInput; delivery: DeliveryOutcome };
};

/** "recorded": stored, and `finish` written with it; "stored": the caller still records the attempt. */
export async function storeResult(input: StoreInput): Promise<"recorded" | "stored" | "outdated"> {
  const events = input.decision ? [decisionEvent(input, input.decision)] : [];
  if (!input.reading) {
    // Nothing of Microsoft's to store; the delivery's own status is written with its attempt.
    for (const event of events) await recordEvent(event);
    return "stored";
  }
  const cause = { actor: { type: "microsoft" as const }, action: `webhook.${input.action}` };
  if (input.seen !== undefined) {
    const alsoIfWritten = input.finish ? attemptWrites(input.finish.attempt, input.finish.delivery) : undefined;
    const fast = await storeReadingIfUnchanged(input.reading, cause, input.seen, { events, alsoIfWritten });
    if (fast === "outdated") return "outdated";
    if (fast === "written") return input.finish ? "recorded" : "stored";
  }
  const stored = await storeReading(input.reading, cause, { events });
  return stored.outcome === "outdated" ? "outdated" : "stored";
}

/** The policy's decision, an event of the portal's own. */
function decisionEvent(input: StoreInput, { action, accept, reason, details }: PolicyDecision): NewEvent {
  return {
    type: "webhook.change_decided",
    action,
    actor: { type: "system", id: "webhook-policy" },
    subject: { type: "subscription", id: input.subscriptionId },
    after: { ...details, accepted: accept, reason },
  };
}
