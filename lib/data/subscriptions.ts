import "server-only";
import { getDb, inTransaction, type Db } from "@/lib/db";
import { Prisma, type SubscriptionStatus } from "@/generated/prisma/client";
import type { SubscriptionRecord } from "./subscription-columns";

/**
 * Reading subscriptions, and the portal's own columns of the row (who activated, the activation claim,
 * what the buyer entered). Microsoft's state of the row has one writer: subscription-store.ts.
 */

export type { SubscriptionRecord, SubscriptionStatus };

/**
 * Runs `fn` in one transaction with the subscription's row locked (null: no such row): what a workflow
 * writes with the data functions and `tx` is committed together, and no other writer interleaves.
 */
export function withSubscriptionLocked<T>(
  id: string,
  fn: (tx: Db, row: SubscriptionRecord | null) => Promise<T>,
): Promise<T> {
  return inTransaction(async (tx) => {
    const rows = await tx.$queryRaw<SubscriptionRecord[]>`SELECT * FROM "Subscription" WHERE "id" = ${id} FOR UPDATE`;
    return fn(tx, rows[0] ?? null);
  });
}

export function getSubscription(id: string, db: Db = getDb()): Promise<SubscriptionRecord | null> {
  return db.subscription.findUnique({ where: { id } });
}

/** Who activated a subscription, and what is recorded with it. */
export type ActivationFacts = {
  userId: string | null;
  /** What the buyer entered on the landing page; null keeps what is stored. */
  buyerDetails?: Record<string, string> | null;
  /** The activator was neither of the purchaser's nor of the beneficiary's side (LANDING_TENANT_MISMATCH=warn). */
  outsidePurchase?: boolean;
};

/**
 * Records who confirmed the purchase (once: a second call keeps the first and returns false), with what
 * they entered; the claim is done with.
 */
export async function markActivated(
  id: string,
  facts: ActivationFacts | string | null,
  at = new Date(),
  db: Db = getDb(),
): Promise<boolean> {
  const f: ActivationFacts = facts === null || typeof facts === "string" ? { userId: facts } : facts;
  const result = await db.subscription.updateMany({
    where: { id, activatedAt: null },
    data: {
      activatedAt: at,
      activatedById: f.userId,
      activatedOutsidePurchase: f.outsidePurchase ?? false,
      ...(f.buyerDetails && Object.keys(f.buyerDetails).length ? { buyerDetails: f.buyerDetails } : {}),
      activationClaimedAt: null,
      activationClaimedById: null,
      activationClaimDetails: Prisma.DbNull,
    },
  });
  return result.count === 1;
}

/** Who tries to activate, and what they entered: stored with the claim, before Microsoft is called. */
export type Claimant = { userId: string | null; buyerDetails: Record<string, string> };

/**
 * Claims the right to call Microsoft's Activate for this subscription. Exactly one caller gets `true`
 * until it completes or releases the claim; a claim older than `staleAfterMs` (a crashed request) can
 * be taken over. Relies on one conditional UPDATE, so it holds across portal instances. The claimant and
 * their details are written in the same UPDATE: if the process dies after Microsoft activated, they are
 * what the recovery records.
 */
export async function claimActivation(
  id: string,
  claimant: Claimant | null = null,
  now = new Date(),
  staleAfterMs = 120_000,
  db: Db = getDb(),
): Promise<boolean> {
  const staleBefore = new Date(now.getTime() - staleAfterMs);
  const result = await db.subscription.updateMany({
    where: { id, activatedAt: null, OR: [{ activationClaimedAt: null }, { activationClaimedAt: { lt: staleBefore } }] },
    data: {
      activationClaimedAt: now,
      ...(claimant ? { activationClaimedById: claimant.userId, activationClaimDetails: claimant.buyerDetails } : {}),
    },
  });
  return result.count === 1;
}

/**
 * Lets another request claim again after a failed attempt. Who tried and what they entered stay: a call
 * that failed on our side (a timeout, 5xx after retries) may still have activated at Microsoft.
 */
export async function releaseActivationClaim(id: string, db: Db = getDb()): Promise<void> {
  await db.subscription.updateMany({ where: { id, activatedAt: null }, data: { activationClaimedAt: null } });
}

/** Stores what the buyer entered on the landing page. */
export async function saveBuyerDetails(id: string, details: Record<string, string>, db: Db = getDb()): Promise<void> {
  await db.subscription.update({ where: { id }, data: { buyerDetails: details } });
}

/**
 * Subscriptions that Microsoft reports Subscribed (as last stored) and someone tried to activate on the
 * landing page, but whose activation was never recorded: the portal died between Microsoft's answer and
 * its own write. Usually none.
 */
export function listUnrecordedActivations(limit = 500, db: Db = getDb()): Promise<SubscriptionRecord[]> {
  return db.subscription.findMany({
    where: { status: "Subscribed", activatedAt: null, activationClaimedById: { not: null } },
    take: limit,
  });
}

export type SubscriptionPage = { items: SubscriptionRecord[]; nextCursor: string | undefined };

/** Newest first, `limit` per page; the cursor is the last row's id (stable under inserts). */
export async function listSubscriptions(
  options: { limit?: number; cursor?: string; status?: SubscriptionStatus } = {},
): Promise<SubscriptionPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const items = await getDb().subscription.findMany({
    where: options.status ? { status: options.status } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const hasMore = items.length > limit;
  const page = hasMore ? items.slice(0, limit) : items;
  return { items: page, nextCursor: hasMore ? page[page.length - 1]?.id : undefined };
}
