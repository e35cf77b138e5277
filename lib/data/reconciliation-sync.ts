import "server-only";
import { inTransaction, type Db } from "@/lib/db";
import type { Prisma } from "@/generated/prisma/client";
import { auditRow, type AuditRow } from "./audit";
import { insertAudits, insertSubscriptions, type NewSubscription } from "./reconciliation-insert";
import { changedColumns, searchTextOf, subscriptionColumns, type SubscriptionInput, type SubscriptionRecord } from "./subscriptions";

/**
 * syncSubscription for whole pages of Microsoft's List at once, with the same semantics (Microsoft's view
 * stored, row locks, one audit entry per subscription that was created or differed, naming only the fields
 * that changed) but a few statements per batch instead of a few per subscription: 100 000 subscriptions
 * must reconcile in a minute. One difference on purpose: a row that agrees with Microsoft is not written
 * at all (syncSubscription refreshes its lastSyncedAt); the run itself records when everything was checked.
 */

export const RECONCILIATION_ACTOR = { type: "system", id: "reconciliation" } as const;

export type PageSyncResult = {
  checked: number;
  created: number;
  repaired: number;
  /** Synced with Microsoft after their page was requested: the page is older, so the row was left alone. */
  newer: number;
};

/** Subscriptions of one List page, and when that page was requested from Microsoft. */
export type FetchedPage = { subscriptions: readonly SubscriptionInput[]; requestedAt: Date };

export type PageSyncContext = {
  /** Audit entries carry it as their request id, so a run's repairs can be listed. */
  runId: string;
  now?: Date;
  /** Runs inside the transaction after the writes, e.g. to record progress; throwing rolls everything back. */
  onWritten?: (tx: Prisma.TransactionClient, result: PageSyncResult) => Promise<void>;
};

/** A unique violation, from Prisma's own queries (P2002) or from a raw statement (SQLSTATE 23505). */
function isUniqueViolation(e: unknown): boolean {
  const error = e as { code?: string; meta?: { code?: string }; message?: string } | undefined;
  return error?.code === "P2002" || error?.meta?.code === "23505" || /\b23505\b|unique constraint/i.test(error?.message ?? "");
}

/**
 * Stores one or more List pages in one transaction and audits what was created or repaired. The caller
 * chooses how many pages go together (reconcile.ts writes whatever arrived while the previous write ran).
 */
export async function syncSubscriptionPages(pages: readonly FetchedPage[], context: PageSyncContext): Promise<PageSyncResult> {
  // Microsoft's paging may repeat an id; the later copy wins, as two syncs in a row would.
  const latest = new Map<string, { input: SubscriptionInput; requestedAt: Date }>();
  for (const page of pages) for (const input of page.subscriptions) latest.set(input.id, { input, requestedAt: page.requestedAt });
  const unique = [...latest.values()];
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(async (tx) => {
        const result = await writeBatch(tx, unique, context);
        await context.onWritten?.(tx, result);
        return result;
      });
    } catch (e) {
      // A webhook stored one of the new subscriptions first: once more, now as an update.
      if (attempt === 0 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** One page (tests, small callers). */
export function syncSubscriptionPage(inputs: readonly SubscriptionInput[], context: PageSyncContext & { requestedAt: Date }): Promise<PageSyncResult> {
  return syncSubscriptionPages([{ subscriptions: inputs, requestedAt: context.requestedAt }], context);
}

async function writeBatch(tx: Db, batch: { input: SubscriptionInput; requestedAt: Date }[], context: PageSyncContext): Promise<PageSyncResult> {
  const now = context.now ?? new Date();
  const result: PageSyncResult = { checked: batch.length, created: 0, repaired: 0, newer: 0 };
  if (batch.length === 0) return result;
  // Reads the existing rows and locks them in one statement, as syncSubscriptionTx locks its row: a webhook
  // cannot interleave. (Raw rows have the model's shape: no column is mapped or renamed.)
  const ids = batch.map((b) => b.input.id);
  const rows = await tx.$queryRaw<SubscriptionRecord[]>`SELECT * FROM "Subscription" WHERE id = ANY(${ids}::text[]) FOR UPDATE`;
  const existing = new Map(rows.map((row) => [row.id, row]));

  const creates: NewSubscription[] = [];
  const audits: AuditRow[] = [];

  for (const { input, requestedAt } of batch) {
    const columns = subscriptionColumns(input);
    const row = existing.get(input.id);
    if (!row) {
      // Audited by insertSubscriptions itself: `after` = these columns, as for a created row.
      creates.push({ id: input.id, ...columns, searchText: searchTextOf(input) });
      result.created += 1;
      continue;
    }
    if (row.lastSyncedAt && row.lastSyncedAt >= requestedAt) {
      result.newer += 1;
      continue;
    }
    const change = changedColumns(row, columns);
    const searchText = searchTextOf(input);
    // Nothing written for a row that agrees with Microsoft: at 100 000 rows even a timestamp update is
    // expensive (each one rewrites every index entry of the row), and the run records when all were checked.
    if (!change && row.searchText === searchText) continue;
    await tx.subscription.update({ where: { id: input.id }, data: { ...(change?.after ?? {}), searchText, lastSyncedAt: now } });
    if (change) {
      audits.push(auditRow({ actor: RECONCILIATION_ACTOR, action: "reconcile.repaired", subject: { type: "subscription", id: input.id }, ...change }, context.runId));
      result.repaired += 1;
    }
  }
  await insertSubscriptions(tx, creates, { actorType: RECONCILIATION_ACTOR.type, actorId: RECONCILIATION_ACTOR.id, action: "reconcile.created", requestId: context.runId }, now);
  await insertAudits(tx, audits, now);
  return result;
}
