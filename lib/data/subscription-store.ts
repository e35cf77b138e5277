import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { NewEvent } from "@/lib/domain/events";
import type { Reading, SubscriptionState } from "@/lib/domain/subscription";
import { subscriptionEventType } from "@/lib/domain/subscription-events";
import { getDb, inTransaction, queryDirect, type Db } from "@/lib/db";
import { currentRequestId } from "@/lib/log";
import { eventInsert, eventRow, type Actor, type EventRow } from "./events";
import {
  changedColumns,
  MICROSOFT_COLUMNS,
  searchTextOf,
  subscriptionColumns,
  type SubscriptionColumns,
  type SubscriptionRecord,
} from "./subscription-columns";

/**
 * The one writer of Microsoft's state of a subscription. Every path that stores what Microsoft says (the
 * landing page's Resolve, activation, publisher operations, webhook deliveries, reconciliation) comes
 * here, and the rules live here once:
 * - **Newer readings only.** A reading is stored only if it was taken after the one stored
 *   (`lastSyncedAt`, the moment Microsoft was asked); an older one is "outdated" and the caller decides
 *   (read again, or drop it). So two writers at once never move a subscription backwards.
 * - **Only what changed is recorded**, as one event of the feed (lib/domain/events.ts) in the same
 *   statement or transaction as the row: its type names the change, its before/after the changed columns.
 * - **A status Microsoft has not documented** is not acted on: the stored status stays.
 * - **The columns** are the schema's (subscription-columns.ts); rows travel as JSON and PostgreSQL maps them
 *   onto the table's own row type, so no column type is written down twice.
 *
 * Three ways in: `storeReading` (locks the row, in the caller's transaction or its own),
 * `storeReadingIfUnchanged` (the webhook's one statement without a lock, if the row is still as it was
 * seen) and `storeReadings` (many subscriptions at once, for reconciliation).
 */

export type { Reading };

/**
 * Who causes the write, and the action in the portal's words (the audit trail shows it; `createdAction`
 * instead for a subscription the portal had not seen, where it differs). `requestId` defaults to the
 * current request's.
 */
export type WriteCause = { actor: Actor; action: string; createdAction?: string; requestId?: string | null };

export type WriteOptions = {
  /** Rewrite `lastSyncedAt` even when nothing changed (default). Reconciliation leaves agreeing rows alone. */
  touch?: boolean;
  /** More events, written with the row and only if it is written. */
  events?: readonly NewEvent[];
};

export type Outcome = "created" | "changed" | "unchanged" | "outdated";

type WriteRow = SubscriptionColumns & {
  id: string;
  kind: "insert" | "update";
  searchText: string;
  lastSyncedAt: string;
  seenSyncedAt: string | null;
};

type Plan = { outcome: Outcome; row?: WriteRow; events: EventRow[]; changed: (keyof SubscriptionColumns)[] };

const MICROSOFT = { type: "microsoft" } as const;

/** What to write for a reading against the row as it is (null: none). Pure. */
function plan(current: SubscriptionRecord | null, reading: Reading, cause: WriteCause, options: WriteOptions): Plan {
  if (current?.lastSyncedAt && current.lastSyncedAt.getTime() > reading.observedAt.getTime())
    return { outcome: "outdated", events: [], changed: [] };
  const unknown = reading.snapshot.unknownStatus;
  const state = unknown !== undefined && current ? { ...reading.snapshot, status: current.status } : reading.snapshot;
  const columns = subscriptionColumns(state);
  const change = current ? changedColumns(current, columns) : { before: undefined, after: columns };
  const changed = change ? (Object.keys(change.after) as (keyof SubscriptionColumns)[]) : [];
  const requestId = cause.requestId ?? currentRequestId() ?? null;
  const subject = { type: "subscription" as const, id: state.id };
  const action = !current && cause.createdAction ? cause.createdAction : cause.action;
  const type = subscriptionEventType(current, columns, changed, action);
  const events: EventRow[] = [];
  if (change && type)
    events.push(
      eventRow({ type, action, actor: cause.actor, subject, before: change.before, after: change.after }, requestId),
    );
  if (unknown !== undefined) {
    const after = { reportedStatus: unknown, keptStatus: state.status };
    events.push(
      eventRow(
        { type: "webhook.unknown_status", action: "webhook.unknown-status", actor: MICROSOFT, subject, after },
        requestId,
      ),
    );
  }
  for (const e of options.events ?? []) events.push(eventRow(e, requestId));
  const searchText = searchTextOf(state);
  const write = !current || change || (options.touch ?? true) || current.searchText !== searchText;
  const outcome: Outcome = !current ? "created" : change ? "changed" : "unchanged";
  if (!write) return { outcome, events: [], changed };
  const row: WriteRow = {
    id: state.id,
    kind: current ? "update" : "insert",
    ...columns,
    searchText,
    lastSyncedAt: reading.observedAt.toISOString(),
    seenSyncedAt: current?.lastSyncedAt?.toISOString() ?? null,
  };
  return { outcome, row, events, changed };
}

const COLUMNS = [...MICROSOFT_COLUMNS, "searchText", "lastSyncedAt"].map((c) => `"${c}"`).join(", ");
const VALUES = [...MICROSOFT_COLUMNS, "searchText", "lastSyncedAt"].map((c) => `i."${c}"`).join(", ");

/**
 * One statement: inserts and updates the rows (an update only where `lastSyncedAt` is still what the plan
 * saw; an insert only where no row exists), and the events of the rows written. Returns the ids written.
 */
async function writePlans(
  db: Db,
  plans: readonly Plan[],
  now: Date,
  alsoIfWritten: Prisma.Sql = Prisma.empty,
): Promise<Set<string>> {
  const rows = plans.flatMap((p) => (p.row ? [p.row] : []));
  if (!rows.length) return new Set();
  const events = plans.flatMap((p) => (p.row ? p.events : []));
  const at = now.toISOString();
  const written = await queryDirect<{ id: string }>(
    db,
    Prisma.sql`WITH incoming AS (
        SELECT x.*, j->>'kind' AS kind, (j->>'seenSyncedAt')::timestamp(3) AS "seenSyncedAt"
        FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) AS j, jsonb_populate_record(NULL::"Subscription", j) AS x),
      inserted AS (
        INSERT INTO "Subscription" ("id", ${Prisma.raw(COLUMNS)}, "createdAt", "updatedAt")
        SELECT i."id", ${Prisma.raw(VALUES)}, ${at}::timestamp(3), ${at}::timestamp(3) FROM incoming i WHERE i.kind = 'insert'
        ON CONFLICT ("id") DO NOTHING RETURNING "id"),
      updated AS (
        UPDATE "Subscription" AS s SET (${Prisma.raw(COLUMNS)}, "updatedAt") = (SELECT ${Prisma.raw(VALUES)}, ${at}::timestamp(3))
        FROM incoming i WHERE i.kind = 'update' AND s."id" = i."id" AND s."lastSyncedAt" IS NOT DISTINCT FROM i."seenSyncedAt"
        RETURNING s."id"),
      written AS (SELECT "id" FROM inserted UNION ALL SELECT "id" FROM updated)
      ${events.length ? Prisma.sql`, recorded AS (${eventInsert(events, now)} WHERE r."subscriptionId" IN (SELECT "id" FROM written))` : Prisma.empty}
      ${alsoIfWritten}
      SELECT "id" FROM written`,
  );
  return new Set(written.map((w) => w.id));
}

export type Stored = { outcome: Outcome; subscription: SubscriptionRecord; changed: (keyof SubscriptionColumns)[] };

/** A first insert lost to a concurrent one: the transaction is tried again, now as an update. */
class LostInsert extends Error {
  constructor() {
    // Logged when a caller gives up: it must say what happened, not be an empty error.
    super("A new subscription was inserted by another writer (a webhook) after this transaction locked its rows.");
  }
}

/**
 * Stores one reading with the row locked: in `db` when it is a transaction (the caller commits it with
 * its own writes), else in a transaction of its own. "outdated" leaves the row as it is (returned).
 */
export async function storeReading(
  reading: Reading,
  cause: WriteCause,
  options: WriteOptions & { db?: Db } = {},
): Promise<Stored> {
  const run = async (tx: Db): Promise<Stored> => {
    const rows = await tx.$queryRaw<
      SubscriptionRecord[]
    >`SELECT * FROM "Subscription" WHERE "id" = ${reading.snapshot.id} FOR UPDATE`;
    const current = rows[0] ?? null;
    const p = plan(current, reading, cause, options);
    const now = new Date();
    if (p.row && !(await writePlans(tx, [p], now)).has(p.row.id)) throw new LostInsert();
    const subscription = p.row
      ? await tx.subscription.findUniqueOrThrow({ where: { id: reading.snapshot.id } })
      : current!;
    return { outcome: p.outcome, subscription, changed: p.changed };
  };
  if (options.db && options.db !== getDb()) return run(options.db);
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(run);
    } catch (e) {
      if (attempt === 0 && e instanceof LostInsert) continue;
      throw e;
    }
  }
}

/**
 * The webhook's fast path: one statement, no lock, no transaction, stored only if the row is still as it
 * was `seen` (null: absent), with `alsoIfWritten` (the delivery's attempt) in the same statement. Returns
 * "written", "outdated" (a newer reading is stored: nothing written), or undefined when the row moved since
 * it was seen (the caller takes the locking path).
 */
export async function storeReadingIfUnchanged(
  reading: Reading,
  cause: WriteCause,
  seen: SubscriptionRecord | null,
  options: WriteOptions & { alsoIfWritten?: Prisma.Sql } = {},
): Promise<"written" | "outdated" | undefined> {
  const p = plan(seen, reading, cause, options);
  if (p.outcome === "outdated") return "outdated";
  if (!p.row) return "written";
  return (await writePlans(getDb(), [p], new Date(), options.alsoIfWritten)).has(p.row.id) ? "written" : undefined;
}

export type BatchResult = { created: string[]; changed: string[]; outdated: number };

/**
 * Readings of many subscriptions in the caller's transaction (reconciliation pages): the rows are locked
 * in one statement, and written with their events in another. A row agreeing with Microsoft is not
 * written at all (a timestamp update would rewrite every index entry of the row, at 100 000 rows).
 */
export async function storeReadings(
  tx: Db,
  readings: readonly Reading[],
  cause: WriteCause,
  now = new Date(),
): Promise<BatchResult> {
  const ids = readings.map((r) => r.snapshot.id);
  const rows = await tx.$queryRaw<
    SubscriptionRecord[]
  >`SELECT * FROM "Subscription" WHERE "id" = ANY(${ids}::text[]) FOR UPDATE`;
  const existing = new Map(rows.map((row) => [row.id, row]));
  const plans = readings.map((r) => ({
    id: r.snapshot.id,
    ...plan(existing.get(r.snapshot.id) ?? null, r, cause, { touch: false }),
  }));
  const written = await writePlans(tx, plans, now);
  // A subscription inserted by a webhook after the lock was taken: the caller retries the batch.
  if (plans.some((p) => p.row?.kind === "insert" && !written.has(p.id))) throw new LostInsert();
  return {
    created: plans.filter((p) => p.outcome === "created").map((p) => p.id),
    changed: plans.filter((p) => p.outcome === "changed").map((p) => p.id),
    outdated: plans.filter((p) => p.outcome === "outdated").length,
  };
}

export function isLostInsert(e: unknown): boolean {
  return e instanceof LostInsert;
}

export type SyncResult = { subscription: SubscriptionRecord; created: boolean; changed: (keyof SubscriptionColumns)[] };

/** Stores Microsoft's state as read just now (`now`): storeReading for callers that have just asked Microsoft. */
export async function syncSubscription(
  state: SubscriptionState,
  cause: WriteCause,
  now = new Date(),
  db?: Db,
): Promise<SyncResult> {
  const stored = await storeReading({ snapshot: state, observedAt: now }, cause, { db });
  return { subscription: stored.subscription, created: stored.outcome === "created", changed: stored.changed };
}
