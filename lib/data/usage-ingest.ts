import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb, inTransaction, type Db } from "@/lib/db";
import type { SubscriptionStatus } from "@/lib/domain/subscription";
import { recordEvent } from "./events";

/**
 * The write side of POST /api/v1/usage: what validation needs to know about the subscriptions of a request
 * (one statement for all of them), and the accepted records stored in one statement, with the request's
 * Idempotency-Key answer and its event in the same transaction.
 */

/** What metering needs of a subscription: its plan, its term, and since when it is in its current status. */
export type MeteringSubscription = {
  id: string;
  offerId: string;
  planId: string;
  status: SubscriptionStatus;
  termUnit: string | null;
  termStartDate: Date | null;
  /** When it became Suspended or Unsubscribed (its latest such event); null otherwise. */
  inactiveSince: Date | null;
};

/** The subscriptions among `ids` that the portal knows, in one statement. */
export async function findMeteringSubscriptions(
  ids: readonly string[],
  db: Db = getDb(),
): Promise<Map<string, MeteringSubscription>> {
  if (ids.length === 0) return new Map();
  // A subscription that is no longer Subscribed may still be billed for usage before it stopped: the
  // feed's latest suspension or cancellation event says when that was.
  const rows = await db.$queryRaw<MeteringSubscription[]>`
    SELECT s.id, s."offerId", s."planId", s.status::text AS status, s."termUnit", s."termStartDate",
      CASE WHEN s.status IN ('Suspended', 'Unsubscribed') THEN (
        SELECT max(e.at) FROM "Event" e
        WHERE e."subscriptionId" = s.id
          AND e.type = CASE WHEN s.status = 'Suspended' THEN 'subscription.suspended' ELSE 'subscription.unsubscribed' END
      ) END AS "inactiveSince"
    FROM "Subscription" s
    WHERE s.id = ANY(${[...ids]}::text[])`;
  return new Map(rows.map((r) => [r.id, r]));
}

/** A record that passed validation, ready to store. */
export type UsageRecordInput = {
  recordId: string | null;
  subscriptionId: string;
  dimension: string;
  quantity: number;
  occurredAt: Date;
};

/** An answer kept for an Idempotency-Key. */
export type StoredAnswer = { status: number; answer: unknown };

export type IdempotencyLookup = { kind: "new" } | { kind: "replay"; stored: StoredAnswer } | { kind: "conflict" };

/** How long an Idempotency-Key is remembered (a retry comes within minutes; a week leaves room for outages). */
export const IDEMPOTENCY_KEY_TTL_MS = 7 * 24 * 3600_000;

/** Whether this key was used before by this API key, and with the same body. */
export async function lookupIdempotencyKey(
  apiKeyId: string,
  key: string,
  bodyHash: string,
  db: Db = getDb(),
): Promise<IdempotencyLookup> {
  const row = await db.usageIdempotencyKey.findUnique({ where: { apiKeyId_key: { apiKeyId, key } } });
  if (!row) return { kind: "new" };
  // The row is written with its answer in the transaction that stores the records: never seen half-done.
  if (row.bodyHash !== bodyHash) return { kind: "conflict" };
  return { kind: "replay", stored: { status: row.status, answer: row.answer } };
}

export type StoreUsageInput = {
  apiKeyId: string;
  records: readonly UsageRecordInput[];
  idempotency?: { key: string; bodyHash: string };
  /** Builds the answer once the store knows which records with an id were already there. */
  answer: (duplicateRecordIds: ReadonlySet<string>) => StoredAnswer & { counts: Record<string, number> };
  requestLabel: string;
};

export type StoreUsageOutcome =
  { kind: "stored"; stored: StoredAnswer } | { kind: "replay"; stored: StoredAnswer } | { kind: "conflict" };

/**
 * Stores the accepted records in one statement (a record id seen before is skipped: it is a duplicate,
 * not counted twice), and, in the same transaction, the request's Idempotency-Key with its answer and the
 * event. Two requests with the same key at once: the second waits on the key's row, then replays the
 * first one's answer.
 */
export async function storeUsage(input: StoreUsageInput): Promise<StoreUsageOutcome> {
  return inTransaction(async (tx) => {
    const { idempotency } = input;
    if (idempotency) {
      const claimed = await tx.$executeRaw`
        INSERT INTO "UsageIdempotencyKey" ("apiKeyId", key, "bodyHash", status, answer)
        VALUES (${input.apiKeyId}::uuid, ${idempotency.key}, ${idempotency.bodyHash}, 0, 'null'::jsonb)
        ON CONFLICT DO NOTHING`;
      if (claimed === 0) {
        const seen = await lookupIdempotencyKey(input.apiKeyId, idempotency.key, idempotency.bodyHash, tx);
        if (seen.kind === "replay") return { kind: "replay", stored: seen.stored };
        return { kind: "conflict" };
      }
    }
    const inserted = await insertRecords(tx, input.apiKeyId, input.records);
    const duplicates = new Set(
      input.records.flatMap((r) => (r.recordId !== null && !inserted.has(r.recordId) ? [r.recordId] : [])),
    );
    const { counts, ...stored } = input.answer(duplicates);
    if (idempotency)
      await tx.usageIdempotencyKey.update({
        where: { apiKeyId_key: { apiKeyId: input.apiKeyId, key: idempotency.key } },
        data: { status: stored.status, answer: stored.answer as Prisma.InputJsonValue },
      });
    await recordEvent(
      {
        type: "usage.ingested",
        action: "api.usage",
        actor: { type: "system", id: input.requestLabel },
        subject: { type: "api_usage", id: input.apiKeyId },
        after: counts,
      },
      tx,
    );
    return { kind: "stored", stored };
  });
}

/** One INSERT … SELECT for every record; returns the record ids it stored (those it skipped were there). */
async function insertRecords(tx: Db, apiKeyId: string, records: readonly UsageRecordInput[]): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const rows = records.map((r) => ({
    i: r.recordId,
    s: r.subscriptionId,
    d: r.dimension,
    q: r.quantity,
    o: r.occurredAt.toISOString(),
  }));
  // occurredAt travels as ISO text with its Z; a cast to timestamp keeps the UTC wall time, as Prisma stores it.
  const stored = await tx.$queryRaw<{ recordId: string | null }[]>`
    INSERT INTO "UsageRecord" ("recordId", "subscriptionId", dimension, quantity, "occurredAt", "apiKeyId")
    SELECT r.i, r.s, r.d, r.q, r.o::timestamp(3), ${apiKeyId}::uuid
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(i text, s text, d text, q float8, o text)
    ON CONFLICT ("recordId") DO NOTHING
    RETURNING "recordId"`;
  return new Set(stored.flatMap((r) => (r.recordId === null ? [] : [r.recordId])));
}

/** Forgets Idempotency-Keys older than the TTL (the hourly job). */
export async function pruneIdempotencyKeys(now: Date, db: Db = getDb()): Promise<number> {
  const { count } = await db.usageIdempotencyKey.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS) } },
  });
  return count;
}
