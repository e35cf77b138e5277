import "server-only";
import { recordAudit } from "@/lib/data/audit";
import { attemptWrites, type AttemptInput, type DeliveryStatus } from "@/lib/data/deliveries";
import type { AuditRow } from "@/lib/data/reconciliation-insert";
import { columnDifference, searchTextOf, subscriptionAsInput, subscriptionColumns, syncSubscriptionTx, type SubscriptionRecord } from "@/lib/data/subscriptions";
import { lockForSync, storeIfUnchanged } from "@/lib/data/webhook-sync";
import { getDb, inTransaction } from "@/lib/db";
import { currentRequestId } from "@/lib/log";
import type { Reading } from "./microsoft";
import type { PolicyDecision } from "./handlers";

/**
 * Writes what a delivery found, in one short transaction: Microsoft's subscription (audited by
 * syncSubscriptionTx as `webhook.<Action>`, only what changed) and the policy's decision (audited as the
 * portal's own). The delivery's status is set afterwards, with its attempt (one statement, receive.ts):
 * a crash in between leaves it Received, and the next attempt after the lease re-applies it, which is
 * idempotent (the same state: no change, no audit; the operation is no longer waiting for a decision).
 *
 * Readings are stored in the order Microsoft was asked, not the order they arrive here: the row is locked,
 * and a reading taken before the one already stored (`lastSyncedAt`) is refused as outdated, so that the
 * caller reads again. Two deliveries of the same subscription handled at once thus never move it backwards.
 *
 * The common case takes one statement instead of a transaction: with the row as the caller read it
 * (`seen`, read beside Microsoft's calls), the audit difference is computed here and the write succeeds
 * only if the row has not moved since (lib/data/webhook-sync.ts); otherwise the locking path decides.
 */

export type StoreInput = {
  action: string;
  reading: Reading | undefined;
  decision: PolicyDecision | undefined;
  subscriptionId: string;
  /** The stored row as read before Microsoft's answers arrived (null: none), for the one-statement path. */
  seen?: SubscriptionRecord | null;
  /** The delivery's attempt and new status, written by the one-statement path with the result ("recorded"). */
  finish?: { attempt: AttemptInput; delivery: { status: DeliveryStatus; outcome: string } };
};

/** "recorded": stored, and `finish` written with it; "stored": the caller still records the attempt. */
export async function storeResult(input: StoreInput): Promise<"recorded" | "stored" | "outdated"> {
  // Nothing to write: no transaction (the delivery's own status is written with its attempt).
  if (!input.reading && !input.decision) return "stored";
  if (input.seen !== undefined) {
    const fast = await storeAtOnce(input, input.seen);
    if (fast) return fast;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(async (tx) => {
        if (input.reading) {
          const { lastSyncedAt } = await lockForSync(tx, input.subscriptionId);
          if (lastSyncedAt && lastSyncedAt.getTime() > input.reading.observedAt.getTime()) return "outdated" as const;
          await syncSubscriptionTx(tx, input.reading.snapshot, { actor: { type: "microsoft" }, action: `webhook.${input.action}` }, input.reading.observedAt);
        }
        if (input.decision) {
          const { action, accept, reason, details } = input.decision;
          await recordAudit({ actor: { type: "system", id: "webhook-policy" }, action, subject: { type: "subscription", id: input.subscriptionId }, after: { ...details, accepted: accept, reason } }, tx);
        }
        return "stored" as const;
      });
    } catch (e) {
      // Two first deliveries for a subscription the portal did not know yet: the second insert loses; retry as an update.
      if (attempt === 0 && (e as { code?: string })?.code === "P2002") continue;
      throw e;
    }
  }
}

/** The one-statement path; undefined when the row moved since it was read (the caller locks instead). */
async function storeAtOnce(input: StoreInput, seen: SubscriptionRecord | null): Promise<"recorded" | "stored" | "outdated" | undefined> {
  const requestId = currentRequestId() ?? null;
  const subjectId = input.subscriptionId;
  const audits: AuditRow[] = [];
  if (input.decision) {
    const { action, accept, reason, details } = input.decision;
    audits.push({ actorType: "system", actorId: "webhook-policy", action, subjectType: "subscription", subjectId, before: null, after: { ...details, accepted: accept, reason }, requestId });
  }
  const { reading } = input;
  if (!reading) {
    await recordAudit({ actor: { type: "system", id: "webhook-policy" }, action: audits[0]!.action, subject: { type: "subscription", id: subjectId }, after: audits[0]!.after });
    return "stored";
  }
  if (seen?.lastSyncedAt && seen.lastSyncedAt.getTime() > reading.observedAt.getTime()) return "outdated";
  const columns = subscriptionColumns(reading.snapshot);
  const change = seen ? columnDifference(subscriptionColumns(subscriptionAsInput(seen)), columns) : { before: null, after: columns };
  // The same entry syncSubscriptionTx writes (actor Microsoft, only what changed), first as it would be.
  if (change) audits.unshift({ actorType: "microsoft", actorId: "marketplace", action: `webhook.${input.action}`, subjectType: "subscription", subjectId, ...change, requestId });
  const row = { id: reading.snapshot.id, ...columns, searchText: searchTextOf(reading.snapshot) };
  const finish = input.finish ? attemptWrites(input.finish.attempt, input.finish.delivery) : undefined;
  const stored = await storeIfUnchanged(getDb(), row, seen ? { exists: true, lastSyncedAt: seen.lastSyncedAt } : { exists: false }, reading.observedAt, audits, new Date(), finish);
  if (!stored) return undefined;
  return finish ? "recorded" : "stored";
}
