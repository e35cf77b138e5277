import "server-only";
import { getDb, type Db } from "@/lib/db";
import { Prisma, type SubscriptionStatus } from "@/generated/prisma/client";

/**
 * The integration API's reads of subscriptions (GET /api/v1/subscriptions, /entitlements): the columns its
 * answers show, never the portal's bookkeeping (activation claims, what the buyer entered, search text).
 */

export const API_SUBSCRIPTION_COLUMNS = {
  id: true,
  name: true,
  offerId: true,
  planId: true,
  quantity: true,
  status: true,
  beneficiaryTenantId: true,
  beneficiaryObjectId: true,
  beneficiaryEmail: true,
  purchaserTenantId: true,
  purchaserObjectId: true,
  purchaserEmail: true,
  termStartDate: true,
  termEndDate: true,
  termUnit: true,
  autoRenew: true,
  isTest: true,
  isFreeTrial: true,
  sessionMode: true,
  allowedCustomerOperations: true,
  purchasedAt: true,
  activatedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.SubscriptionSelect;

export type ApiSubscriptionRow = Prisma.SubscriptionGetPayload<{ select: typeof API_SUBSCRIPTION_COLUMNS }>;

export function getApiSubscription(id: string, db: Db = getDb()): Promise<ApiSubscriptionRow | null> {
  return db.subscription.findUnique({ where: { id }, select: API_SUBSCRIPTION_COLUMNS });
}

export type ApiSubscriptionFilter = {
  status?: SubscriptionStatus;
  offerId?: string;
  planId?: string;
  /** The beneficiary's tenant. */
  tenantId?: string;
  updatedSince?: Date;
};

/**
 * Tenant ids are GUIDs as Microsoft writes them (lower case); the upper-case spelling is matched too, and
 * both are index lookups.
 */
const tenantSpellings = (tenantId: string) => [...new Set([tenantId.toLowerCase(), tenantId.toUpperCase()])];

/**
 * One page of the list, newest first (the portal's first sight of it, then the id): a keyset page after
 * `after`, one ordered range scan of the (createdAt DESC, id) index. The order never changes for a row
 * (createdAt is written once), so paging neither skips nor repeats a subscription, whatever changes
 * meanwhile; one first seen after the first page was read is in the next listing, not this one.
 */
export async function listApiSubscriptions(
  filter: ApiSubscriptionFilter,
  after: { createdAt: Date; id: string } | null,
  limit: number,
  db: Db = getDb(),
): Promise<{ rows: ApiSubscriptionRow[]; hasMore: boolean }> {
  const where: Prisma.SubscriptionWhereInput = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.offerId ? { offerId: filter.offerId } : {}),
    ...(filter.planId ? { planId: filter.planId } : {}),
    ...(filter.tenantId ? { beneficiaryTenantId: { in: tenantSpellings(filter.tenantId) } } : {}),
    ...(filter.updatedSince ? { updatedAt: { gte: filter.updatedSince } } : {}),
    // After the cursor: `createdAt <= c` bounds the index scan (PostgreSQL cannot bound it with the OR alone,
    // and a deep page then read every row before it: 77 ms instead of 0.14 ms at 144 000 rows in).
    ...(after
      ? {
          AND: [
            { createdAt: { lte: after.createdAt } },
            { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] },
          ],
        }
      : {}),
  };
  const rows = await db.subscription.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit + 1,
    select: API_SUBSCRIPTION_COLUMNS,
  });
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * A beneficiary's subscriptions (the tenant's, or one person's within it), those with status Subscribed
 * first, then the newest: one statement, an index range scan of (beneficiaryTenantId, beneficiaryObjectId).
 * At most `limit` + 1 rows, so the caller can tell that there were more.
 */
export function listEntitlementRows(
  tenantId: string,
  objectId: string | null,
  limit: number,
  db: Db = getDb(),
): Promise<ApiSubscriptionRow[]> {
  // The enum as text, as Prisma reads it; the other columns as they are.
  const columns = Prisma.join(
    Object.keys(API_SUBSCRIPTION_COLUMNS).map((c) =>
      Prisma.raw(c === "status" ? `"status"::text AS "status"` : `"${c}"`),
    ),
  );
  const person = objectId
    ? Prisma.sql`AND "beneficiaryObjectId" IN (${Prisma.join(tenantSpellings(objectId))})`
    : Prisma.empty;
  return db.$queryRaw<ApiSubscriptionRow[]>`
    SELECT ${columns} FROM "Subscription"
    WHERE "beneficiaryTenantId" IN (${Prisma.join(tenantSpellings(tenantId))}) ${person}
    ORDER BY ("status" = 'Subscribed') DESC, "createdAt" DESC, "id"
    LIMIT ${limit + 1}`;
}
