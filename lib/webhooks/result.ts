import "server-only";
import type { AttemptInput, DeliveryStatus } from "@/lib/data/deliveries";
import { currentRequestId } from "@/lib/log";

/** What applying a delivery ends with: what the inbox is to say (httpStatus 503: the queue retries it). */
export type ApplyResult = {
  httpStatus: 200 | 503;
  status: DeliveryStatus;
  outcome: string;
  /** Why an operator should look at the delivery (an undocumented action or status), shown in the inbox. */
  attention?: string;
  /** The attempt and the delivery's status are already written (with the result, in one statement). */
  recorded?: boolean;
  /** Work to start once the result is recorded: the follow-up of a Pending delivery (follow-up.ts). */
  followUp?: () => Promise<void>;
};

/**
 * The attempt at hand: a worker of the queue applying the delivery. `startedAt` times the attempt;
 * `windowFrom` starts Microsoft's 10-second window for the publisher's answer (the delivery's receipt, or
 * now once that window has closed), which every call to Microsoft is budgeted within.
 */
export type AttemptContext = { source: "queue"; startedAt: number; windowFrom: number };

/** The inbox's record of one attempt at a delivery, as it ends now. */
export function attemptOf(
  deliveryId: string,
  context: AttemptContext,
  result: Pick<ApplyResult, "outcome">,
): AttemptInput {
  return {
    deliveryId,
    source: context.source,
    httpStatus: null,
    outcome: result.outcome,
    durationMs: Date.now() - context.startedAt,
    requestId: currentRequestId() ?? null,
  };
}
