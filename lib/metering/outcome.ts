import type { DueHour, HourOutcome } from "@/lib/data/usage-hours";
import type { UsageBatchEventOkMessage } from "@/lib/marketplace/generated/metering-v1-schemas";
import { roundQuantity } from "./decide";

/**
 * What Microsoft's answer for one hour means for the portal (reference §8.2): each item of a batch carries
 * its own status, and only Accepted and a matching Duplicate end an hour well.
 */

/** Attempts (calls that failed, items answered Error) before an hour is flagged for a person. */
export const MAX_ATTEMPTS = 8;

/** 5 minutes, doubling, at most an hour: Microsoft's outage guidance is to wait and retry. */
export function retryAt(attempts: number, now: Date): Date {
  return new Date(now.getTime() + Math.min(3600_000, 5 * 60_000 * 2 ** Math.max(0, attempts - 1)));
}

const REASONS: Record<string, string> = {
  Expired:
    "Microsoft refused it as outside its 24-hour window. The usage is kept here: fold it into the next open hour, or resolve it with a note.",
  ResourceNotActive:
    "Microsoft says the subscription is not active (suspended, or not activated). Check its status; once it is Subscribed again, fold the hour forward, or resolve it.",
  InvalidDimension:
    "Microsoft says this dimension is not one of the plan's. Check the offer's dimensions in Partner Center and what the application posts, then resolve the hour.",
  InvalidQuantity: "Microsoft refused the quantity. Check the hour's records, then resolve it with a note.",
  BadArgument:
    "Microsoft refused the event as malformed (often: the plan changed since the hour was rolled up). Check the subscription's plan, then fold the hour forward or resolve it.",
  ResourceNotFound: "Microsoft does not know this subscription. Check that it belongs to this publisher's offer.",
  ResourceNotAuthorized:
    "Microsoft says this publisher may not report usage for this subscription (another Entra app published the offer). Check the Technical configuration in Partner Center.",
};

/** The outcome of one hour from its batch item. */
export function outcomeOf(hour: DueHour, item: UsageBatchEventOkMessage | undefined, now: Date): HourOutcome {
  if (!item) return retryOrFlag(hour, null, now, "Microsoft's answer did not mention this hour.");
  const { status } = item;
  if (status === "Accepted")
    return {
      id: hour.id,
      kind: "done",
      status,
      usageEventId: item.usageEventId ?? null,
      acceptedQuantity: item.quantity ?? hour.overage,
      messageTime: item.messageTime ?? null,
    };
  if (status === "Duplicate") return duplicateOutcome(hour, item);
  if (status === "Error") return retryOrFlag(hour, status, now, "Microsoft kept answering Error for this hour.");
  return {
    id: hour.id,
    kind: "flagged",
    status,
    reason: REASONS[status] ?? `Microsoft answered ${status}. Check the hour, then resolve it with a note.`,
  };
}

/**
 * Microsoft holds an event for this hour already: the portal's own, sent before a crash or a lost answer
 * (same quantity: recorded as accepted), or another sender's (a different quantity: a person decides).
 */
function duplicateOutcome(hour: DueHour, item: UsageBatchEventOkMessage): HourOutcome {
  const accepted = item.error?.additionalInfo?.acceptedMessage;
  const quantity = accepted?.quantity;
  if (accepted && quantity !== undefined && roundQuantity(quantity) === roundQuantity(hour.overage))
    return {
      id: hour.id,
      kind: "done",
      status: "Duplicate",
      usageEventId: accepted.usageEventId ?? null,
      acceptedQuantity: quantity,
      messageTime: accepted.messageTime ?? null,
      note: "Microsoft had already accepted this hour's event (an earlier attempt whose answer was lost): recorded, not sent twice.",
    };
  return {
    id: hour.id,
    kind: "flagged",
    status: "Duplicate",
    usageEventId: accepted?.usageEventId ?? null,
    acceptedQuantity: quantity ?? null,
    reason: `Microsoft already holds an event for this hour with quantity ${quantity ?? "unknown"}, the portal counted ${hour.overage}. Something else reported usage for this subscription: find it, then resolve the hour with a note (the difference cannot be sent for this hour).`,
  };
}

export function retryOrFlag(hour: DueHour, status: string | null, now: Date, reason: string): HourOutcome {
  if (hour.attempts >= MAX_ATTEMPTS)
    return {
      id: hour.id,
      kind: "flagged",
      status,
      reason: `${reason} After ${hour.attempts} attempts a person should look: fold it forward if Microsoft recovers, or resolve it.`,
    };
  return { id: hour.id, kind: "retry", status, nextAttemptAt: retryAt(hour.attempts, now) };
}
