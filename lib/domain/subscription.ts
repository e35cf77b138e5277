/**
 * A SaaS subscription as Microsoft describes it, already parsed: the one shape both sides of the portal use
 * (lib/marketplace maps Microsoft's JSON to it, lib/data stores and compares it). Absent values are null
 * and Microsoft's documented defaults are filled in. This module imports nothing, so both may import it.
 */

/** Microsoft's documented statuses (NotStarted appears only in the OpenAPI file). */
export const SUBSCRIPTION_STATUSES = [
  "PendingFulfillmentStart",
  "Subscribed",
  "Suspended",
  "Unsubscribed",
  "NotStarted",
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export type Party = { email: string | null; objectId: string | null; tenantId: string | null };

export type SubscriptionState = {
  id: string;
  name: string;
  publisherId: string | null;
  offerId: string;
  planId: string;
  quantity: number | null;
  status: SubscriptionStatus;
  /**
   * Microsoft's saasSubscriptionStatus when it is a value Microsoft has not documented (it adds values
   * without notice); `status` is then a stand-in and the writer keeps the stored status. Absent normally.
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

/** Microsoft's state as read at one moment: readings are stored in the order they were taken, never older over newer. */
export type Reading = { snapshot: SubscriptionState; observedAt: Date };

/** Tenant id of personal Microsoft accounts (MSA): every personal account shares it, so compare object ids there. */
export const MSA_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";
