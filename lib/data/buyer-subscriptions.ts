import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb, type Db } from "@/lib/db";
import { MSA_TENANT_ID } from "@/lib/env/defaults";

/**
 * The subscriptions a signed-in buyer may see on "Your subscription" (/account): the same people the landing
 * page lets in (lib/landing/parties.ts). For work and school accounts, anyone of the purchaser's or the
 * beneficiary's tenant; for personal Microsoft accounts (one shared tenant) only that very person, by object
 * id; and whoever activated it. The filter is in the query, so a subscription of another tenant is never read.
 */

export type BuyerIdentity = { userId: string; tid: string; oid: string };

/** What the buyer's pages show: no buyer details, claims or provisioning internals of the row. */
const select = {
  id: true,
  name: true,
  offerId: true,
  planId: true,
  quantity: true,
  status: true,
  beneficiaryEmail: true,
  beneficiaryTenantId: true,
  beneficiaryObjectId: true,
  purchaserEmail: true,
  purchaserTenantId: true,
  termStartDate: true,
  termEndDate: true,
  termUnit: true,
  autoRenew: true,
  sandboxType: true,
  allowedCustomerOperations: true,
  purchasedAt: true,
  activatedById: true,
} as const satisfies Prisma.SubscriptionSelect;

export type BuyerSubscription = Prisma.SubscriptionGetPayload<{ select: typeof select }>;

const same = (value: string): Prisma.StringNullableFilter => ({ equals: value.trim(), mode: "insensitive" });

/** The rows this person is a party of. Exported for the tests that prove who sees what. */
export function buyerSubscriptionsWhere(buyer: BuyerIdentity): Prisma.SubscriptionWhereInput {
  const personal = buyer.tid.trim().toLowerCase() === MSA_TENANT_ID;
  const beneficiary: Prisma.SubscriptionWhereInput = personal
    ? { beneficiaryTenantId: same(buyer.tid), beneficiaryObjectId: same(buyer.oid) }
    : { beneficiaryTenantId: same(buyer.tid) };
  const purchaser: Prisma.SubscriptionWhereInput = personal
    ? { purchaserTenantId: same(buyer.tid), purchaserObjectId: same(buyer.oid) }
    : { purchaserTenantId: same(buyer.tid) };
  return { OR: [beneficiary, purchaser, { activatedById: buyer.userId }] };
}

/** Newest purchase first; a buyer has few, so one page of at most `limit`. */
export function listBuyerSubscriptions(
  buyer: BuyerIdentity,
  limit = 100,
  db: Db = getDb(),
): Promise<BuyerSubscription[]> {
  return db.subscription.findMany({
    where: buyerSubscriptionsWhere(buyer),
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit,
    select,
  });
}

/** One subscription, or null when it does not exist or this person is no party of it (both: "not found"). */
export function getBuyerSubscription(
  buyer: BuyerIdentity,
  subscriptionId: string,
  db: Db = getDb(),
): Promise<BuyerSubscription | null> {
  return db.subscription.findFirst({
    where: { AND: [{ id: subscriptionId }, buyerSubscriptionsWhere(buyer)] },
    select,
  });
}
