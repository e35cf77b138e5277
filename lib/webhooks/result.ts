import "server-only";
import type { AttemptInput, DeliveryStatus } from "@/lib/data/deliveries";
import { currentRequestId } from "@/lib/log";

/** What applying a delivery ends with: the answer to Microsoft and what the inbox is to say. */
export type ApplyResult = {
  httpStatus: number;
  status: DeliveryStatus;
  outcome: string;
  /** Why an operator should look at the delivery (an undocumented action or status), shown in the inbox. */
  attention?: string;
  /** The attempt and the delivery's status are already written (with the result, in one statement). */
  recorded?: boolean;
  /** Work to start once the result is recorded: the follow-up of a Pending delivery (follow-up.ts). */
  followUp?: () => Promise<void>;
};

/** Who is applying the delivery, for its attempt: Microsoft's delivery, or an owner's re-run. */
export type AttemptContext = { source: "microsoft" | "rerun"; startedAt: number };

/** The inbox's record of one attempt at a delivery, as it ends now. */
export function attemptOf(
  deliveryId: string,
  context: AttemptContext,
  result: Pick<ApplyResult, "httpStatus" | "outcome">,
): AttemptInput {
  return {
    deliveryId,
    source: context.source,
    httpStatus: result.httpStatus,
    outcome: result.outcome,
    durationMs: Date.now() - context.startedAt,
    requestId: currentRequestId() ?? null,
  };
}
