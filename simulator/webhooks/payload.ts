// The webhook body Microsoft POSTs (reference §6.4). Not part of the OpenAPI files, so it is typed here from
// the spec's SaaSOperation and Subscription pieces.
import type { OperationAction, OperationStatus, Subscription } from "../api-types";
import type { OperationRecord, OperationSource, SubscriptionRecord } from "../core/state";
import { toApiSubscription } from "../domain/subscription-view";

type Term = NonNullable<Subscription["term"]>;

/** Webhook samples show `chargeDuration: null`, which the OpenAPI Subscription schema does not allow. */
export type WebhookSubscription = Omit<Subscription, "term"> & {
  term: Omit<Term, "chargeDuration"> & { chargeDuration: string | null };
};

export type WebhookPayload = {
  id: string;
  activityId: string;
  publisherId: string;
  offerId: string;
  planId: string;
  /** The new quantity for ChangeQuantity; null for flat-rate plans. */
  quantity: number | null;
  subscriptionId: string;
  timeStamp: string;
  action: OperationAction;
  status: OperationStatus;
  /** Spelled as Microsoft documents it (Microsoft's own emulator misspells it operationRequestedSource). */
  operationRequestSource: OperationSource;
  subscription: WebhookSubscription;
  purchaseToken: null;
};

/** Documented payload status: InProgress for actions that can still be refused, Succeeded for notices. */
export function payloadStatus(action: OperationAction): OperationStatus {
  return action === "ChangePlan" || action === "ChangeQuantity" || action === "Reinstate" ? "InProgress" : "Succeeded";
}

/** `snapshot` is the subscription as it was before the action was applied (as in Microsoft's samples). */
export function buildPayload(op: OperationRecord, snapshot: SubscriptionRecord): WebhookPayload {
  const api = toApiSubscription(snapshot);
  return {
    id: op.id,
    activityId: op.activityId,
    publisherId: op.publisherId,
    offerId: op.offerId,
    planId: op.planId,
    quantity: op.quantity ?? null,
    subscriptionId: op.subscriptionId,
    timeStamp: op.timeStamp,
    action: op.action,
    status: payloadStatus(op.action),
    operationRequestSource: op.source,
    subscription: { ...api, term: { ...api.term, chargeDuration: null } },
    purchaseToken: null,
  };
}
