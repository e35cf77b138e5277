import "server-only";
import { Prisma, type Subscription } from "@/generated/prisma/client";
import type { SubscriptionState } from "@/lib/domain/subscription";

/**
 * Microsoft's state of a subscription as the columns of its row, and back. The columns are the schema's
 * (prisma/schema.prisma): every column of Subscription is either Microsoft's, mapped below, or the portal's
 * own, named in PORTAL_COLUMNS; a new column that is neither does not compile. The SQL of the writer
 * (subscription-store.ts) lists these same names, taken from here.
 */

export type SubscriptionRecord = Subscription;

/** What the portal adds to Microsoft's state: activation, buyer details, bookkeeping. */
const PORTAL_COLUMNS = [
  "id",
  "activatedAt",
  "activatedById",
  "activationClaimedAt",
  "activationClaimedById",
  "activationClaimDetails",
  "activatedOutsidePurchase",
  "buyerDetails",
  "provisioningStatus",
  "provisioningRequestedAt",
  "provisioningRequestedById",
  "provisioningDetails",
  "provisioningAnsweredAt",
  "provisioningFailureReason",
  "provisioningBuyerMessage",
  "lastSyncedAt",
  "searchText",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Subscription)[];

type MicrosoftColumn = Exclude<keyof Subscription, (typeof PORTAL_COLUMNS)[number]>;
export type SubscriptionColumns = { [K in MicrosoftColumn]: Subscription[K] };

/** The stored columns of Microsoft's state (what every write stores and compares, and audits when it changed). */
export function subscriptionColumns(s: SubscriptionState): SubscriptionColumns {
  return {
    name: s.name,
    publisherId: s.publisherId,
    offerId: s.offerId,
    planId: s.planId,
    quantity: s.quantity,
    status: s.status,
    beneficiaryEmail: s.beneficiary.email,
    beneficiaryObjectId: s.beneficiary.objectId,
    beneficiaryTenantId: s.beneficiary.tenantId,
    purchaserEmail: s.purchaser.email,
    purchaserObjectId: s.purchaser.objectId,
    purchaserTenantId: s.purchaser.tenantId,
    termStartDate: s.term.startDate,
    termEndDate: s.term.endDate,
    termUnit: s.term.termUnit,
    chargeDuration: s.term.chargeDuration,
    autoRenew: s.autoRenew,
    isTest: s.isTest,
    isFreeTrial: s.isFreeTrial,
    sandboxType: s.sandboxType,
    sessionMode: s.sessionMode,
    allowedCustomerOperations: s.allowedCustomerOperations,
    purchasedAt: s.purchasedAt,
  };
}

/** The names of Microsoft's columns, in the schema's order. */
export const MICROSOFT_COLUMNS: readonly MicrosoftColumn[] = Object.values(Prisma.SubscriptionScalarFieldEnum).filter(
  (c): c is MicrosoftColumn => !(PORTAL_COLUMNS as readonly string[]).includes(c),
);

/** The stored row in the shape Microsoft's data is mapped to (to compare the two). */
export function stateOf(s: SubscriptionRecord): SubscriptionState {
  return {
    id: s.id,
    name: s.name,
    publisherId: s.publisherId,
    offerId: s.offerId,
    planId: s.planId,
    quantity: s.quantity,
    status: s.status,
    beneficiary: { email: s.beneficiaryEmail, objectId: s.beneficiaryObjectId, tenantId: s.beneficiaryTenantId },
    purchaser: { email: s.purchaserEmail, objectId: s.purchaserObjectId, tenantId: s.purchaserTenantId },
    term: {
      startDate: s.termStartDate,
      endDate: s.termEndDate,
      termUnit: s.termUnit,
      chargeDuration: s.chargeDuration,
    },
    autoRenew: s.autoRenew,
    isTest: s.isTest,
    isFreeTrial: s.isFreeTrial,
    sandboxType: s.sandboxType,
    sessionMode: s.sessionMode,
    allowedCustomerOperations: s.allowedCustomerOperations,
    purchasedAt: s.purchasedAt,
  };
}

/** What the admin search matches (lower-cased): name, ids, e-mails and tenant ids of purchaser and beneficiary. */
export function searchTextOf(s: SubscriptionState): string {
  return [
    s.name,
    s.id,
    s.offerId,
    s.planId,
    s.beneficiary.email,
    s.beneficiary.tenantId,
    s.purchaser.email,
    s.purchaser.tenantId,
  ]
    .filter((v): v is string => !!v)
    .join(" ")
    .toLowerCase();
}

const same = (a: unknown, b: unknown): boolean =>
  a instanceof Date || b instanceof Date
    ? (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b)
    : JSON.stringify(a) === JSON.stringify(b);

export type ColumnChange = { before: Partial<SubscriptionColumns>; after: Partial<SubscriptionColumns> };

/** The fields whose value differs, as before / after objects (only those fields): what an event records. */
export function columnDifference(before: SubscriptionColumns, after: SubscriptionColumns): ColumnChange | undefined {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of MICROSOFT_COLUMNS) {
    if (!same(before[key], after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : undefined;
}

/** What storing `columns` would change in the stored row (undefined: nothing). */
export function changedColumns(row: SubscriptionRecord, columns: SubscriptionColumns): ColumnChange | undefined {
  return columnDifference(subscriptionColumns(stateOf(row)), columns);
}

// Every timestamp column of the row (a new one that is not listed here does not compile).
const DATE_COLUMNS: { [K in keyof Subscription as Subscription[K] extends Date | null ? K : never]: true } = {
  termStartDate: true,
  termEndDate: true,
  purchasedAt: true,
  activatedAt: true,
  activationClaimedAt: true,
  provisioningRequestedAt: true,
  provisioningAnsweredAt: true,
  lastSyncedAt: true,
  createdAt: true,
  updatedAt: true,
};

/** A row as PostgreSQL's to_jsonb writes it (timestamps as UTC wall time, no zone) read back as Prisma would. */
export function subscriptionFromJson(json: Record<string, unknown>): SubscriptionRecord {
  const row: Record<string, unknown> = { ...json };
  for (const column of Object.keys(DATE_COLUMNS)) {
    const value = row[column];
    row[column] = typeof value === "string" ? new Date(`${value}Z`) : null;
  }
  return row as SubscriptionRecord;
}
