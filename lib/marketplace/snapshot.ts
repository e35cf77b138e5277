import { MarketplaceError } from "./errors";
import { SubscriptionStatusEnumValues, type AadIdentifier, type Subscription } from "./generated/saas-v2-schemas";

/**
 * A parsed subscription flattened into what the portal stores (the same shape as lib/data's
 * SubscriptionInput, which this module may not import): absent values as null, Microsoft's documented
 * defaults filled in.
 */

export type KnownSubscriptionStatus = (typeof SubscriptionStatusEnumValues)[number];

type Party = { email: string | null; objectId: string | null; tenantId: string | null };

export type SubscriptionSnapshot = {
  id: string;
  name: string;
  publisherId: string | null;
  offerId: string;
  planId: string;
  quantity: number | null;
  status: KnownSubscriptionStatus;
  /**
   * Microsoft's saasSubscriptionStatus when it is a value Microsoft has not documented (it adds values
   * without notice); `status` is then the caller's stand-in (toSubscriptionSnapshot's `statusIfUnknown`).
   * Absent for a documented status.
   */
  unknownStatus?: string;
  beneficiary: Party;
  purchaser: Party;
  term: { startDate: Date | null; endDate: Date | null; termUnit: string | null; chargeDuration: string | null };
  autoRenew: boolean;
  isTest: boolean;
  isFreeTrial: boolean;
  sandboxType: string;
  sessionMode: string;
  allowedCustomerOperations: string[];
  purchasedAt: Date | null;
};

export function isKnownSubscriptionStatus(status: string): status is KnownSubscriptionStatus {
  return (SubscriptionStatusEnumValues as readonly string[]).includes(status);
}

const party = (p: AadIdentifier | undefined): Party => ({ email: p?.emailId ?? null, objectId: p?.objectId ?? null, tenantId: p?.tenantId ?? null });

/** Longest undocumented status kept (it is stored and shown to operators). */
const MAX_UNKNOWN_STATUS = 100;

/**
 * A status Microsoft has not documented cannot be acted on: storing a guess could activate or cut off a
 * customer wrongly. Without `statusIfUnknown` it throws `invalid-response` (the caller stops and tells an
 * operator); with it, the snapshot carries that stand-in as `status` and Microsoft's value as
 * `unknownStatus`, for callers that must not stall on it (the webhook keeps the last known status).
 */
export function toSubscriptionSnapshot(sub: Subscription, operation = "toSubscriptionSnapshot", options: { statusIfUnknown?: KnownSubscriptionStatus } = {}): SubscriptionSnapshot {
  const reported = sub.saasSubscriptionStatus;
  const known = isKnownSubscriptionStatus(reported);
  const status = known ? reported : options.statusIfUnknown;
  if (!status) {
    throw new MarketplaceError({ kind: "invalid-response", operation, attempts: 0, message: `Microsoft reported a subscription status the portal does not know (${reported.slice(0, 40)}).` });
  }
  return {
    id: sub.id,
    name: sub.name ?? "",
    publisherId: sub.publisherId ?? null,
    offerId: sub.offerId,
    planId: sub.planId,
    quantity: sub.quantity ?? null,
    status,
    ...(known ? {} : { unknownStatus: reported.slice(0, MAX_UNKNOWN_STATUS) }),
    beneficiary: party(sub.beneficiary),
    purchaser: party(sub.purchaser),
    term: {
      startDate: sub.term?.startDate ?? null,
      endDate: sub.term?.endDate ?? null,
      termUnit: sub.term?.termUnit ?? null,
      chargeDuration: sub.term?.chargeDuration ?? null,
    },
    // Microsoft's documented defaults: auto-renew is on unless the customer turned it off; free trial and
    // test flags are optional and false when absent.
    autoRenew: sub.autoRenew ?? true,
    isTest: sub.isTest ?? false,
    isFreeTrial: sub.isFreeTrial ?? false,
    sandboxType: sub.sandboxType ?? "None",
    sessionMode: sub.sessionMode ?? "None",
    // Absent means no restriction: Microsoft restricts CSP purchases to ["Read"] and sends all three otherwise.
    allowedCustomerOperations: sub.allowedCustomerOperations ?? ["Read", "Update", "Delete"],
    purchasedAt: sub.created ?? null,
  };
}
