import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { queryDirect, type Db } from "@/lib/db";
import type { AuditRow } from "./audit";
import type { SubscriptionStatus } from "./subscriptions";
import { auditInsert, NEW_SUBSCRIPTION_COLUMNS, NEW_SUBSCRIPTION_RECORD, NEW_SUBSCRIPTION_VALUES, type NewSubscription } from "./reconciliation-insert";

/**
 * Locks the subscription's row (when it exists) until the end of the caller's transaction, and says
 * when Microsoft's state was last stored in it (`lastSyncedAt`) and its status (kept when Microsoft
 * reports one it has not documented). Webhook application stores a state only
 * if it was read from Microsoft after that moment, so two deliveries handled at once cannot store their
 * readings in the wrong order (lib/webhooks/store.ts).
 */
export async function lockForSync(tx: Db, subscriptionId: string): Promise<{ exists: boolean; lastSyncedAt: Date | null; status: SubscriptionStatus | null }> {
  const rows = await tx.$queryRaw<{ lastSyncedAt: Date | null; status: SubscriptionStatus }[]>`SELECT "lastSyncedAt", "status" FROM "Subscription" WHERE "id" = ${subscriptionId} FOR UPDATE`;
  const row = rows[0];
  return row ? { exists: true, lastSyncedAt: row.lastSyncedAt, status: row.status } : { exists: false, lastSyncedAt: null, status: null };
}

/** What the writer saw of the row before deciding what to write: absent, or its `lastSyncedAt`. */
export type SeenRow = { exists: false } | { exists: true; lastSyncedAt: Date | null };

/**
 * The webhook's fast path: stores a subscription and its audit entries in one statement (one round trip,
 * no transaction to open and close), but only if the row is still as the caller saw it. Every writer of
 * Microsoft's columns also sets `lastSyncedAt` (syncSubscription, reconciliation, this), so an unchanged
 * `lastSyncedAt` means an unchanged row and the caller's audit difference is still right; an insert
 * requires that nobody inserted the row meanwhile. Returns false when the row moved: the caller takes
 * the locking path (store.ts). With recordDelivery's read of the row, a delivery takes 2 round trips
 * instead of 9 (bench/webhook.ts).
 */
export async function storeIfUnchanged(
  db: Db,
  row: NewSubscription,
  seen: SeenRow,
  observedAt: Date,
  audits: readonly AuditRow[],
  now: Date,
  /** More CTEs done only if the row was written (the delivery's attempt: lib/data/deliveries.ts attemptWrites). */
  alsoIfWritten: Prisma.Sql = Prisma.empty,
): Promise<boolean> {
  const at = now.toISOString();
  const synced = observedAt.toISOString();
  const r = Prisma.sql`SELECT x.* FROM jsonb_to_record(${JSON.stringify(row)}::jsonb) AS x(${Prisma.raw(NEW_SUBSCRIPTION_RECORD)})`;
  const write = seen.exists
    ? Prisma.sql`
        UPDATE "Subscription" AS s SET (${Prisma.raw(NEW_SUBSCRIPTION_COLUMNS)}) = (SELECT ${Prisma.raw(NEW_SUBSCRIPTION_VALUES)} FROM r),
          "lastSyncedAt" = ${synced}::timestamp(3), "updatedAt" = ${at}::timestamp(3)
        WHERE s."id" = ${row.id} AND s."lastSyncedAt" IS NOT DISTINCT FROM ${seen.lastSyncedAt?.toISOString() ?? null}::timestamp(3)
        RETURNING s."id"`
    : Prisma.sql`
        INSERT INTO "Subscription" (${Prisma.raw(NEW_SUBSCRIPTION_COLUMNS)}, "lastSyncedAt", "createdAt", "updatedAt")
        SELECT ${Prisma.raw(NEW_SUBSCRIPTION_VALUES)}, ${synced}::timestamp(3), ${at}::timestamp(3), ${at}::timestamp(3) FROM r
        ON CONFLICT ("id") DO NOTHING
        RETURNING "id"`;
  const audited = audits.length ? Prisma.sql`, audited AS (${auditInsert(audits, now)} WHERE EXISTS (SELECT 1 FROM written))` : Prisma.empty;
  const rows = await queryDirect<{ stored: number }>(db, Prisma.sql`WITH r AS (${r}), written AS (${write})${audited}${alsoIfWritten} SELECT count(*)::int AS stored FROM written`);
  return rows[0]?.stored === 1;
}
