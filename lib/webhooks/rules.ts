import type { SaaSOperation, SubscriptionSnapshot } from "@/lib/marketplace";
import type { WebhookPayload } from "./payload";

/**
 * The rules that decide what a verified delivery does, kept pure (unit-tested in rules.test.ts).
 *
 * The payload is only a hint: the portal stores Microsoft's answer to Get Subscription, read while the
 * delivery is handled, never the payload's snapshot. So an event cannot carry an old state into the
 * portal. What the rules decide is how to treat an event whose effect Microsoft's current state does not
 * show (a Suspend while Microsoft says Subscribed):
 *
 * 1. **stale** – the subscription has moved past the event: it is Unsubscribed (final, nothing comes
 *    after it) and the event is not the Unsubscribe, or a delivery of a later operation (Microsoft's
 *    operation timestamp, equal counts as later) was already applied. Acknowledged, recorded as Ignored,
 *    nothing written: the later event carries the state.
 * 2. **wait** – no later operation is known: Microsoft's read may lag behind its operation, or the later
 *    event is still on its way. The attempt fails, so the queue retries it; for NOT_VISIBLE_GRACE_MS.
 * 3. **superseded** – still not visible after the grace period: Microsoft's state is stored as it is (the
 *    later event was lost), and reconciliation keeps checking.
 * 4. **follow-up** – instead of wait, when the operation is decided already (the publisher's answer reached
 *    Microsoft, or Microsoft closed it): only Microsoft's read lags. Answered 200 and followed up in the
 *    background (apply.ts): making Microsoft retry an operation it considers done could fail it.
 *
 * Ordering between deliveries handled at the same time is kept by the store (store.ts): a reading of
 * Microsoft older than the one already stored is read again before it is written.
 */

export const NOT_VISIBLE_GRACE_MS = 15 * 60_000;

export type Verdict = "apply" | "stale" | "wait" | "superseded" | "follow-up";

/** Why the payload does not describe Microsoft's operation; undefined when it does. */
export function mismatch(payload: WebhookPayload, op: SaaSOperation): string | undefined {
  if (op.id.toLowerCase() !== payload.id) return `Microsoft's operation is ${op.id}, not ${payload.id}`;
  if (op.subscriptionId.toLowerCase() !== payload.subscriptionId)
    return `the operation belongs to subscription ${op.subscriptionId}, not ${payload.subscriptionId}`;
  if (op.action !== payload.action) return `the operation is a ${op.action}, not a ${payload.action}`;
  if (payload.planId !== undefined && op.planId !== undefined && payload.planId !== op.planId)
    return `the operation's plan is ${op.planId}, not ${payload.planId}`;
  if (payload.quantity !== undefined && op.quantity !== undefined && payload.quantity !== op.quantity)
    return `the operation's quantity is ${op.quantity}, not ${payload.quantity}`;
  return undefined;
}

/** Microsoft writes UTC times, often without a zone (`2018-12-01T00:00:00`). */
export function parseMicrosoftTime(value: string): Date | undefined {
  const t = value.trim();
  const date = new Date(/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(t) ? `${t}Z` : t);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Whether one of the applied operations' timestamps is at or after this operation's. */
export function laterOperationApplied(appliedTimes: readonly string[], operationTime: Date | undefined): boolean {
  if (!operationTime) return false;
  return appliedTimes.some((t) => (parseMicrosoftTime(t)?.getTime() ?? -Infinity) >= operationTime.getTime());
}

export function classify(input: {
  action: string;
  /** Microsoft's state shows the event's effect (or the event changes nothing). */
  visible: boolean;
  current: Pick<SubscriptionSnapshot, "status">;
  laterApplied: boolean;
  /** Since the first delivery of this operation reached the portal. */
  waitingMs: number;
  /** The operation's outcome no longer depends on the webhook's answer (HandlerResult.decided). */
  decided?: boolean;
}): Verdict {
  if (input.visible) return "apply";
  if (input.current.status === "Unsubscribed" && input.action !== "Unsubscribe") return "stale";
  if (input.laterApplied) return "stale";
  if (input.decided) return "follow-up";
  return input.waitingMs < NOT_VISIBLE_GRACE_MS ? "wait" : "superseded";
}
