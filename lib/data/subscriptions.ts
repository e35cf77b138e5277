import "server-only";
import { getDb, inTransaction, type Db } from "@/lib/db";
import { Prisma, type Subscription, type SubscriptionStatus } from "@/generated/prisma/client";
import { recordAudit, type Actor } from "./audit";

export type SubscriptionRecord = Subscription;
export type { SubscriptionStatus };

type Party = { email: string | null; objectId: string | null; tenantId: string | null };

/** A subscription as Microsoft describes it, already parsed (lib/marketplace maps Microsoft's JSON to this). */
export type SubscriptionInput = {
  id: string;
  name: string;
  publisherId: string | null;
  offerId: string;
  planId: string;
  quantity: number | null;
  status: SubscriptionStatus;
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

/** What the admin search matches (lower-cased): name, ids, e-mails and tenant ids of purchaser and beneficiary. */
export function searchTextOf(s: SubscriptionInput): string {
  return [s.name, s.id, s.offerId, s.planId, s.beneficiary.email, s.beneficiary.tenantId, s.purchaser.email, s.purchaser.tenantId]
    .filter((v): v is string => !!v)
    .join(" ")
    .toLowerCase();
}

/** The stored columns of a subscription (what syncSubscription and reconciliation write and compare). */
export function subscriptionColumns(s: SubscriptionInput) {
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

export type SubscriptionColumns = ReturnType<typeof subscriptionColumns>;
type Columns = SubscriptionColumns;

const same = (a: unknown, b: unknown): boolean =>
  a instanceof Date || b instanceof Date ? (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b) : JSON.stringify(a) === JSON.stringify(b);

/** The fields whose value differs, as before / after objects (only those fields): what an audit entry records. */
export function columnDifference(before: Columns, after: Columns): { before: Partial<Columns>; after: Partial<Columns> } | undefined {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof Columns)[]) {
    if (!same(before[key], after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return Object.keys(a).length ? { before: b as Partial<Columns>, after: a as Partial<Columns> } : undefined;
}

/** What storing `columns` would change in the stored row (undefined: nothing): an audit entry's before/after. */
export function changedColumns(row: SubscriptionRecord, columns: Columns) {
  return columnDifference(subscriptionColumns(subscriptionAsInput(row)), columns);
}

export type SyncResult = { subscription: SubscriptionRecord; created: boolean; changed: (keyof Columns)[] };

/**
 * Stores Microsoft's view of a subscription and audits what changed, atomically. The row is locked for
 * the duration, so two deliveries or a delivery and a reconciliation cannot interleave; a concurrent
 * first insert (unique violation) is retried as an update.
 */
export async function syncSubscription(input: SubscriptionInput, audit: { actor: Actor; action: string }, now = new Date()): Promise<SyncResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction((tx) => syncSubscriptionTx(tx, input, audit, now));
    } catch (e) {
      if (attempt === 0 && (e as { code?: string })?.code === "P2002") continue;
      throw e;
    }
  }
}

/** syncSubscription inside the caller's transaction (the caller handles a racing first insert). */
export async function syncSubscriptionTx(tx: Db, input: SubscriptionInput, audit: { actor: Actor; action: string }, now: Date): Promise<SyncResult> {
  await tx.$executeRaw`SELECT 1 FROM "Subscription" WHERE id = ${input.id} FOR UPDATE`;
  const existing = await tx.subscription.findUnique({ where: { id: input.id } });
  const columns = subscriptionColumns(input);
  if (!existing) {
    const subscription = await tx.subscription.create({ data: { id: input.id, ...columns, searchText: searchTextOf(input), lastSyncedAt: now } });
    await recordAudit({ actor: audit.actor, action: audit.action, subject: { type: "subscription", id: input.id }, after: columns }, tx);
    return { subscription, created: true, changed: Object.keys(columns) as (keyof Columns)[] };
  }
  const changes = changedColumns(existing, columns);
  // searchText is derived, so it is rewritten with the data but never part of the audited difference.
  const subscription = await tx.subscription.update({ where: { id: input.id }, data: { ...(changes ? changes.after : {}), searchText: searchTextOf(input), lastSyncedAt: now } });
  if (changes) await recordAudit({ actor: audit.actor, action: audit.action, subject: { type: "subscription", id: input.id }, ...changes }, tx);
  return { subscription, created: false, changed: changes ? (Object.keys(changes.after) as (keyof Columns)[]) : [] };
}

/** The stored row in the shape Microsoft's data is mapped to (to compare the two). */
export function subscriptionAsInput(s: SubscriptionRecord): SubscriptionInput {
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
    term: { startDate: s.termStartDate, endDate: s.termEndDate, termUnit: s.termUnit, chargeDuration: s.chargeDuration },
    autoRenew: s.autoRenew,
    isTest: s.isTest,
    isFreeTrial: s.isFreeTrial,
    sandboxType: s.sandboxType,
    sessionMode: s.sessionMode,
    allowedCustomerOperations: s.allowedCustomerOperations,
    purchasedAt: s.purchasedAt,
  };
}

const DATE_COLUMNS = ["termStartDate", "termEndDate", "purchasedAt", "activatedAt", "activationClaimedAt", "lastSyncedAt", "createdAt", "updatedAt"] as const;

/** A row as PostgreSQL's to_jsonb writes it (timestamps as UTC wall time, no zone) read back as Prisma would. */
export function subscriptionFromJson(json: Record<string, unknown>): SubscriptionRecord {
  const row: Record<string, unknown> = { ...json };
  for (const column of DATE_COLUMNS) {
    const value = row[column];
    row[column] = typeof value === "string" ? new Date(`${value}Z`) : null;
  }
  return row as SubscriptionRecord;
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
export async function markActivated(id: string, facts: ActivationFacts | string | null, at = new Date(), db: Db = getDb()): Promise<boolean> {
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
export async function claimActivation(id: string, claimant: Claimant | null = null, now = new Date(), staleAfterMs = 120_000, db: Db = getDb()): Promise<boolean> {
  const staleBefore = new Date(now.getTime() - staleAfterMs);
  const result = await db.subscription.updateMany({
    where: { id, activatedAt: null, OR: [{ activationClaimedAt: null }, { activationClaimedAt: { lt: staleBefore } }] },
    data: { activationClaimedAt: now, ...(claimant ? { activationClaimedById: claimant.userId, activationClaimDetails: claimant.buyerDetails } : {}) },
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
  return db.subscription.findMany({ where: { status: "Subscribed", activatedAt: null, activationClaimedById: { not: null } }, take: limit });
}

export type SubscriptionPage = { items: SubscriptionRecord[]; nextCursor: string | undefined };

/** Newest first, `limit` per page; the cursor is the last row's id (stable under inserts). */
export async function listSubscriptions(options: { limit?: number; cursor?: string; status?: SubscriptionStatus } = {}): Promise<SubscriptionPage> {
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
