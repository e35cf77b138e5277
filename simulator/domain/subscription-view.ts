// Stored subscription → the Subscription object of Microsoft's API (simulator bookkeeping stripped).
import type { OperationAction, ResolvedSubscription, SaaSOperation, Subscription } from "../api-types";
import type { OperationRecord, SubscriptionRecord } from "../core/state";

/** Microsoft marks lastModified deprecated and prints .NET's DateTime.MinValue there. */
const DEPRECATED_LAST_MODIFIED = "0001-01-01T00:00:00";

export function toApiSubscription(record: SubscriptionRecord): Subscription & { term: NonNullable<Subscription["term"]>; lastModified: string } {
  const { sim: _sim, status, quantity, ...rest } = record;
  return {
    id: rest.id,
    publisherId: rest.publisherId,
    offerId: rest.offerId,
    name: rest.name,
    saasSubscriptionStatus: status,
    beneficiary: { ...rest.beneficiary },
    purchaser: { ...rest.purchaser },
    planId: rest.planId,
    // Flat-rate subscriptions have no quantity at all (the schema does not allow null).
    ...(quantity !== undefined ? { quantity } : {}),
    term: { ...rest.term },
    autoRenew: rest.autoRenew,
    isTest: rest.isTest,
    isFreeTrial: rest.isFreeTrial,
    allowedCustomerOperations: [...rest.allowedCustomerOperations],
    sandboxType: rest.sandboxType,
    sessionMode: rest.sessionMode,
    created: rest.created,
    lastModified: DEPRECATED_LAST_MODIFIED,
  };
}

export function toResolvedSubscription(record: SubscriptionRecord): ResolvedSubscription {
  return {
    id: record.id,
    subscriptionName: record.name,
    offerId: record.offerId,
    planId: record.planId,
    ...(record.quantity !== undefined ? { quantity: record.quantity } : {}),
    subscription: toApiSubscription(record),
  };
}

/** SaaSOperation as the Operations API returns it (the spec's action enum predates "Subscribe"). */
export type ApiOperation = Omit<SaaSOperation, "action"> & { action: OperationAction; errorStatusCode: string; errorMessage: string };

export function toApiOperation(op: OperationRecord): ApiOperation {
  const { source: _source, sim: _sim, ...view } = op;
  return view;
}
