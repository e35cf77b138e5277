// Stored subscription → the Subscription object of Microsoft's API (simulator bookkeeping stripped).
import type {
  OperationAction,
  ResolvedSubscription,
  SaaSOperation,
  Subscription,
  SubscriptionStatus,
} from "../api-types";
import type { SimContext } from "../context";
import type { OperationRecord, SubscriptionRecord } from "../core/state";

/** Microsoft marks lastModified deprecated and prints .NET's DateTime.MinValue there. */
const DEPRECATED_LAST_MODIFIED = "0001-01-01T00:00:00";

export function toApiSubscription(
  record: SubscriptionRecord,
): Subscription & { term: NonNullable<Subscription["term"]>; lastModified: string } {
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
export type ApiOperation = Omit<SaaSOperation, "action"> & {
  action: OperationAction;
  errorStatusCode: string;
  errorMessage: string;
};

export function toApiOperation(op: OperationRecord): ApiOperation {
  const { source: _source, sim: _sim, ...view } = op;
  return view;
}

type ApiSubscription = ReturnType<typeof toApiSubscription>;

// What Get/List Subscriptions show besides the stored truth (in memory only, keyed by the live record, so
// a reset forgets it): the views from before recent changes, and an undocumented status.
const changes = new WeakMap<SubscriptionRecord, { atMs: number; before: ApiSubscription }[]>();
const reportedStatuses = new WeakMap<SubscriptionRecord, string>();

/**
 * Called just before an operation changes the subscription (applyAction). With SIM_SUBSCRIPTION_LAG_MS,
 * reads keep showing the state from before the change for that long, while Get Operation already says
 * Succeeded: Microsoft's subscription view lags behind its operations.
 */
export function noteChange(ctx: SimContext, record: SubscriptionRecord): void {
  const lagMs = ctx.settings.subscriptionLagMs;
  if (lagMs <= 0) return;
  const now = Date.now();
  const recent = (changes.get(record) ?? []).filter((c) => c.atMs + lagMs > now);
  recent.push({ atMs: now, before: toApiSubscription(record) });
  changes.set(record, recent);
}

/**
 * Microsoft starts reporting a saasSubscriptionStatus it has not documented for this subscription
 * (undefined: back to the documented one). Only reads show it; the subscription goes on as before.
 */
export function reportStatus(record: SubscriptionRecord, status: string | undefined): void {
  if (status === undefined) reportedStatuses.delete(record);
  else reportedStatuses.set(record, status);
}

/** The subscription as Get Subscription and List Subscriptions show it now (see noteChange, reportStatus). */
export function readSubscriptionView(ctx: SimContext, record: SubscriptionRecord): ApiSubscription {
  const now = Date.now();
  // The oldest change not visible yet: the view from before it is what reads show.
  const hidden = changes.get(record)?.find((c) => c.atMs + ctx.settings.subscriptionLagMs > now);
  const view = hidden ? hidden.before : toApiSubscription(record);
  const reported = reportedStatuses.get(record);
  // The type lists the documented statuses; sending one outside it is the point.
  return reported === undefined ? view : { ...view, saasSubscriptionStatus: reported as SubscriptionStatus };
}
