import "server-only";
import { auditRow, recordAudit, type AuditInput } from "@/lib/data/audit";
import { attemptWrites, type AttemptInput, type DeliveryOutcome } from "@/lib/data/deliveries";
import { changedColumns, searchTextOf, subscriptionColumns, syncSubscriptionTx, type SubscriptionRecord, type SubscriptionStatus } from "@/lib/data/subscriptions";
import { lockForSync, storeIfUnchanged } from "@/lib/data/webhook-sync";
import { getDb, inTransaction } from "@/lib/db";
import type { SubscriptionSnapshot } from "@/lib/marketplace";
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
 * The common case takes one statement instead of a transaction: with the row as the inbox insert read it
 * (`seen`), the audit difference is computed here, and the write (with the delivery's status and attempt,
 * `finish`) succeeds only if the row has not moved since (lib/data/webhook-sync.ts); otherwise the
 * locking path above decides and the caller records the attempt.
 */

export type StoreInput = {
  action: string;
  reading: Reading | undefined;
  decision: PolicyDecision | undefined;
  subscriptionId: string;
  /** The stored row as read before Microsoft's answers arrived (null: none), for the one-statement path. */
  seen?: SubscriptionRecord | null;
  /** The delivery's attempt and new status, written by the one-statement path with the result ("recorded"). */
  finish?: { attempt: AttemptInput; delivery: DeliveryOutcome };
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
          const { lastSyncedAt, status } = await lockForSync(tx, input.subscriptionId);
          if (isOutdated(input.reading, lastSyncedAt)) return "outdated" as const;
          const snapshot = withKnownStatus(input.reading.snapshot, status);
          await syncSubscriptionTx(tx, snapshot, { actor: MICROSOFT, action: syncAction(input) }, input.reading.observedAt);
          if (snapshot.unknownStatus !== undefined) await recordAudit(unknownStatusAudit(input, snapshot), tx);
        }
        if (input.decision) await recordAudit(decisionAudit(input, input.decision), tx);
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
  const { reading, decision } = input;
  if (!reading) {
    if (decision) await recordAudit(decisionAudit(input, decision));
    return "stored";
  }
  if (isOutdated(reading, seen?.lastSyncedAt ?? null)) return "outdated";
  const snapshot = withKnownStatus(reading.snapshot, seen?.status ?? null);
  const columns = subscriptionColumns(snapshot);
  // The entries the locking path writes, in its order: Microsoft's change (only what changed), then the decision.
  const change = seen ? changedColumns(seen, columns) : { after: columns };
  const audits: AuditInput[] = [
    ...(change ? [{ actor: MICROSOFT, action: syncAction(input), subject: { type: "subscription" as const, id: input.subscriptionId }, ...change }] : []),
    ...(snapshot.unknownStatus !== undefined ? [unknownStatusAudit(input, snapshot)] : []),
    ...(decision ? [decisionAudit(input, decision)] : []),
  ];
  const row = { id: snapshot.id, ...columns, searchText: searchTextOf(snapshot) };
  const finish = input.finish ? attemptWrites(input.finish.attempt, input.finish.delivery) : undefined;
  const stored = await storeIfUnchanged(getDb(), row, seen ? { exists: true, lastSyncedAt: seen.lastSyncedAt } : { exists: false }, reading.observedAt, audits.map((a) => auditRow(a)), new Date(), finish);
  if (!stored) return undefined;
  return finish ? "recorded" : "stored";
}

const MICROSOFT = { type: "microsoft" } as const;
const syncAction = (input: StoreInput) => `webhook.${input.action}`;

/**
 * Microsoft reported a status it has not documented: the stored status stays (acting on a guess could
 * cut a customer off or grant access wrongly); a subscription never stored before gets the reading's
 * stand-in (microsoft.ts). Everything else Microsoft said is stored; the inbox flags the delivery.
 */
function withKnownStatus(snapshot: SubscriptionSnapshot, storedStatus: SubscriptionStatus | null): SubscriptionSnapshot {
  return snapshot.unknownStatus !== undefined && storedStatus ? { ...snapshot, status: storedStatus } : snapshot;
}

/** What Microsoft reported and what the portal kept, in the subscription's audit trail. */
function unknownStatusAudit(input: StoreInput, snapshot: SubscriptionSnapshot): AuditInput {
  return { actor: MICROSOFT, action: "webhook.unknown-status", subject: { type: "subscription", id: input.subscriptionId }, after: { reportedStatus: snapshot.unknownStatus, keptStatus: snapshot.status } };
}

/** A reading taken before the one already stored is not stored (the caller reads Microsoft again). */
const isOutdated = (reading: Reading, lastSyncedAt: Date | null) => !!lastSyncedAt && lastSyncedAt.getTime() > reading.observedAt.getTime();

/** The policy's decision, audited as the portal's own. */
function decisionAudit(input: StoreInput, { action, accept, reason, details }: PolicyDecision): AuditInput {
  return { actor: { type: "system", id: "webhook-policy" }, action, subject: { type: "subscription", id: input.subscriptionId }, after: { ...details, accepted: accept, reason } };
}
