import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { SubscriptionState } from "@/lib/domain/subscription";
import { inTransaction } from "@/lib/db";
import { isLostInsert, storeReadings } from "./subscription-store";

/**
 * Reconciliation's writes: whole pages of Microsoft's List at once, through the one writer
 * (subscription-store.ts: newer readings only, one event per subscription created or repaired, naming only
 * the fields that changed), a few statements per batch: 100 000 subscriptions must reconcile in a minute.
 * A row that agrees with Microsoft is not written at all; the run itself records when all were checked.
 */

/** Tries of a batch whose inserts webhooks keep winning; each try turns the lost ones into updates. */
const PAGE_ATTEMPTS = 5;

/**
 * A Pending delivery (the answer reached Microsoft, its Get Subscription did not show the change during the
 * minute of follow-up reads) is closed by a reading of Microsoft taken this long after its last attempt:
 * that reading, now stored, includes the operation or something later. Microsoft's lag is seconds.
 */
export const PENDING_CLOSED_AFTER_MS = 2 * 60_000;

export const RECONCILIATION_ACTOR = { type: "system", id: "reconciliation" } as const;

export type PageSyncResult = {
  checked: number;
  created: number;
  repaired: number;
  /** Synced with Microsoft after their page was requested: the page is older, so the row was left alone. */
  newer: number;
};

/** Subscriptions of one List page, and when that page was requested from Microsoft. */
export type FetchedPage = { subscriptions: readonly SubscriptionState[]; requestedAt: Date };

export type PageSyncContext = {
  /** Events carry it as their request id, so a run's repairs can be listed. */
  runId: string;
  now?: Date;
  /** Runs inside the transaction after the writes, e.g. to record progress; throwing rolls everything back. */
  onWritten?: (tx: Prisma.TransactionClient, result: PageSyncResult) => Promise<void>;
};

/**
 * Stores one or more List pages in one transaction. The caller chooses how many pages go together
 * (reconcile.ts writes whatever arrived while the previous write ran).
 */
export async function syncSubscriptionPages(
  pages: readonly FetchedPage[],
  context: PageSyncContext,
): Promise<PageSyncResult> {
  // Microsoft's paging may repeat an id; the later copy wins, as two syncs in a row would.
  const latest = new Map<string, { snapshot: SubscriptionState; observedAt: Date }>();
  for (const page of pages)
    for (const snapshot of page.subscriptions) latest.set(snapshot.id, { snapshot, observedAt: page.requestedAt });
  const readings = [...latest.values()];
  const cause = {
    actor: RECONCILIATION_ACTOR,
    action: "reconcile.repaired",
    createdAction: "reconcile.created",
    requestId: context.runId,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(async (tx) => {
        const written = await storeReadings(tx, readings, cause, context.now);
        await closePendingDeliveries(tx, readings);
        const result = {
          checked: readings.length,
          created: written.created.length,
          repaired: written.changed.length,
          newer: written.outdated,
        };
        await context.onWritten?.(tx, result);
        return result;
      });
    } catch (e) {
      // A webhook stored one of the new subscriptions first: once more, now as an update. With several
      // instances creating subscriptions at once, another of the page's new ones can win the next attempt too.
      if (attempt < PAGE_ATTEMPTS - 1 && isLostInsert(e)) continue;
      throw e;
    }
  }
}

/**
 * Without this a Pending delivery stayed Pending for ever, though reconciliation kept the subscription equal
 * to Microsoft's (found by bench/cluster.ts across a database restart). The status index finds the few Pending rows.
 */
async function closePendingDeliveries(
  tx: Prisma.TransactionClient,
  readings: readonly { snapshot: SubscriptionState; observedAt: Date }[],
): Promise<void> {
  if (!readings.length) return;
  const ids = readings.map((r) => r.snapshot.id);
  const readAt = readings.map((r) => new Date(r.observedAt.getTime() - PENDING_CLOSED_AFTER_MS).toISOString());
  await tx.$executeRaw(Prisma.sql`UPDATE "WebhookDelivery" d SET "status" = 'Applied',
      "outcome" = left(coalesce(d."outcome" || ' ', '') || 'Closed by reconciliation: Microsoft''s subscription, read at '
        || to_char(r.observed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC, is stored (it includes this operation or a later change).', 1000)
    FROM (SELECT unnest(${ids}::text[]) AS id, unnest(${readAt}::timestamptz[]) AS cutoff,
            unnest(${readAt}::timestamptz[]) + ${`${PENDING_CLOSED_AFTER_MS} milliseconds`}::interval AS observed) r
    WHERE d."status" = 'Pending' AND d."subscriptionId" = r.id AND d."lastAttemptAt" < r.cutoff`);
}

/** One page (tests, small callers). */
export function syncSubscriptionPage(
  inputs: readonly SubscriptionState[],
  context: PageSyncContext & { requestedAt: Date },
): Promise<PageSyncResult> {
  return syncSubscriptionPages([{ subscriptions: inputs, requestedAt: context.requestedAt }], context);
}
