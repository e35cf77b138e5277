import "server-only";
import { appliedOperationTimes, type DeliveryRecord } from "@/lib/data/deliveries";
import { log } from "@/lib/log";
import { OperationStatusEnumValues, type SaaSOperation, type SubscriptionSnapshot } from "@/lib/marketplace";
import type { ActionHandler, Before, HandlerResult } from "./handlers";
import { describeReading, type Reading } from "./microsoft";
import type { WebhookPayload } from "./payload";
import type { ApplyResult } from "./result";
import { classify, laterOperationApplied, type Verdict } from "./rules";

/**
 * How a delivery's attempt ends once Microsoft has been asked: whether Microsoft's reading shows the
 * operation, the verdict of the rules (rules.ts), what to flag for an operator, and the inbox's words.
 */

/** Whether a reading shows the operation's effect (as far as this attempt knows how the operation ended). */
export function visibility(handler: ActionHandler, operationStatus: string, op: SaaSOperation, before: Before) {
  // An undocumented status (of the operation or the subscription) cannot show or hide anything: waiting
  // for it would stall the delivery for hours, so Microsoft's state is stored as it is, and flagged.
  if (!(OperationStatusEnumValues as readonly string[]).includes(operationStatus)) return () => true;
  return (snapshot: SubscriptionSnapshot) =>
    snapshot.unknownStatus !== undefined ||
    (operationStatus === "Succeeded"
      ? handler.shows(snapshot, op, before)
      : operationStatus === "Failed" || operationStatus === "Conflict");
}

export async function verdictOf(
  delivery: DeliveryRecord,
  payload: WebhookPayload,
  action: string,
  op: SaaSOperation,
  result: HandlerResult,
  reading: Reading,
  visible: boolean,
): Promise<Verdict> {
  const laterApplied =
    !visible &&
    laterOperationApplied(
      await appliedOperationTimes(payload.subscriptionId, payload.id),
      op.timeStamp ?? payload.timeStamp,
    );
  return classify({
    action,
    visible,
    current: reading.snapshot,
    laterApplied,
    waitingMs: Date.now() - delivery.receivedAt.getTime(),
    decided: result.decided,
  });
}

export function attentionFor(op: SaaSOperation, reading: Reading | undefined): string | undefined {
  const problems = [
    ...(reading?.snapshot.unknownStatus !== undefined
      ? [
          `a subscription status it has not documented ("${reading.snapshot.unknownStatus}"); the portal kept the last known status`,
        ]
      : []),
    ...(!(OperationStatusEnumValues as readonly string[]).includes(op.status)
      ? [`an operation status it has not documented ("${op.status.slice(0, 100)}")`]
      : []),
  ];
  return problems.length
    ? `Microsoft reported ${problems.join(", and ")}. Check the subscription with Microsoft; reconciliation keeps comparing.`
    : undefined;
}

/** The words of a "wait" outcome: a delivery that waits for a later one to explain it (work.ts lets later ones pass). */
export const NOT_VISIBLE_YET = "subscription does not show this";

export function outcomeText(
  verdict: Verdict,
  action: string,
  op: SaaSOperation,
  result: HandlerResult,
  reading: Reading | undefined,
): string {
  const note = result.note ? `${result.note} ` : "";
  const now = reading ? describeReading(reading) : "";
  switch (verdict) {
    case "apply":
      return `${note}Stored Microsoft's state: ${now}.`;
    case "stale":
      return `${note}Stale: the subscription has moved past this ${action} (Microsoft says ${now}); nothing changed.`;
    case "wait":
      return `${note}Microsoft's ${NOT_VISIBLE_YET} ${action} yet (operation ${op.status}; ${now}); not applied yet.`;
    case "superseded":
      return `${note}Microsoft's subscription still does not show this ${action}; stored its current state: ${now}.`;
    case "follow-up":
      return reading
        ? `${note}Microsoft's subscription does not show it yet (${now}; stored for now): following it up in the background, and reconciliation repairs it if the portal restarts first.`
        : `${note}Get Subscription did not answer in time: Microsoft's state is read in the background, and reconciliation repairs it if the portal restarts first.`;
  }
}

export function refuse(delivery: DeliveryRecord, reason: string): ApplyResult {
  log.warn(
    { operationId: delivery.operationId, subscriptionId: delivery.subscriptionId, reason },
    "webhook delivery refused: it does not match Microsoft's operation",
  );
  return { httpStatus: 200, status: "Refused", outcome: `Refused: ${reason}. Nothing was applied; kept for review.` };
}
