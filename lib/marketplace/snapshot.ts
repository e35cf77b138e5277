import type { SubscriptionState, SubscriptionStatus } from "@/lib/domain/subscription";
import { MarketplaceError } from "./errors";
import { SubscriptionStatusEnumValues, type AadIdentifier, type Subscription } from "./generated/saas-v2-schemas";

/**
 * Microsoft's Subscription JSON (already parsed leniently) flattened into the portal's one subscription
 * type (lib/domain/subscription.ts): absent values as null, Microsoft's documented defaults filled in.
 */

export type KnownSubscriptionStatus = SubscriptionStatus;
export type SubscriptionSnapshot = SubscriptionState;

type Party = SubscriptionState["beneficiary"];

export function isKnownSubscriptionStatus(status: string): status is KnownSubscriptionStatus {
  return (SubscriptionStatusEnumValues as readonly string[]).includes(status);
}

const party = (p: AadIdentifier | undefined): Party => ({
  email: p?.emailId ?? null,
  objectId: p?.objectId ?? null,
  tenantId: p?.tenantId ?? null,
});

/** Longest undocumented status kept (it is stored and shown to operators). */
const MAX_UNKNOWN_STATUS = 100;

/**
 * A status Microsoft has not documented cannot be acted on: storing a guess could activate or cut off a
 * customer wrongly. Without `statusIfUnknown` it throws `invalid-response` (the caller stops and tells an
 * operator); with it, the snapshot carries that stand-in as `status` and Microsoft's value as
 * `unknownStatus`, for callers that must not stall on it (the webhook keeps the last known status).
 */
export function toSubscriptionSnapshot(
  sub: Subscription,
  operation = "toSubscriptionSnapshot",
  options: { statusIfUnknown?: KnownSubscriptionStatus } = {},
): SubscriptionSnapshot {
  const reported = sub.saasSubscriptionStatus;
  const known = isKnownSubscriptionStatus(reported);
  const status = known ? reported : options.statusIfUnknown;
  if (!status) {
    throw new MarketplaceError({
      kind: "invalid-response",
      operation,
      attempts: 0,
      message: `Microsoft reported a subscription status the portal does not know (${reported.slice(0, 40)}).`,
    });
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
