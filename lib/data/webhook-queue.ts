import "server-only";
import { getDb, queryDirect, type Db } from "@/lib/db";
import { Prisma } from "@/generated/prisma/client";
import { TRACEPARENT_KEY } from "@/lib/tracing/spans";
import { NOW_UTC, type DeliveryRecord, type DeliveryStatus } from "./deliveries";
import { subscriptionFromJson, type SubscriptionRecord } from "./subscription-columns";

/**
 * The webhook inbox as a queue: a delivery is recorded with its request for a job in one statement (so that
 * a 200 to Microsoft always means "durably received and queued", webhook-receipts.ts), a dispatch turns waiting requests into
 * jobs in batches, a worker takes it over (Running), and an owner's re-run queues it again. One job per
 * delivery, keyed `webhook:<delivery id>`: adding it again replaces a waiting job instead of adding a second.
 */

/** The job that applies a delivery: its task name, priority (lower runs first) and attempts. */
export type DeliveryJob = { task: string; priority: number; maxAttempts: number };

const DELIVERY_COLUMNS = Object.values(Prisma.WebhookDeliveryScalarFieldEnum)
  .map((c) => `d."${c}"`)
  .join(", ");

/** A delivery's job key, `webhook:<delivery id>`: in SQL from an id column or parameter, and as a value. */
const jobKeyOf = (id: Prisma.Sql) => Prisma.sql`'webhook:' || ${id}`;
export const deliveryJobKey = (deliveryId: string) => `webhook:${deliveryId}`;

/** The queue's give-up flag (lib/webhooks/work.ts) goes when the delivery is queued again; other flags stay. */
export const GIVE_UP_ATTENTION = "Not applied after";
const CLEAR_GIVE_UP = Prisma.sql`CASE WHEN "attention" LIKE ${`${GIVE_UP_ATTENTION}%`} THEN NULL ELSE "attention" END`;

const addJob = (job: DeliveryJob, id: Prisma.Sql, runAt: Prisma.Sql = Prisma.sql`NULL`) =>
  Prisma.sql`graphile_worker.add_job(${job.task}, json_build_object('deliveryId', ${id}), job_key => ${jobKeyOf(id)},
    priority => ${job.priority}::int, max_attempts => ${job.maxAttempts}::int, run_at => (${runAt})::timestamptz)`;

/**
 * Adds the jobs of deliveries received and not handed to the queue yet (decisions first, then by receipt),
 * up to `limit`, in one call of the queue's add_jobs: its per-call cost (task and queue upserts, a NOTIFY to
 * every worker) is paid once per batch. The rows are taken with SKIP LOCKED and deleted in the same
 * statement, so concurrent dispatches (several instances) never add a job twice, and a dispatch that fails
 * leaves them for the next one. Returns how many jobs it added.
 */
export async function dispatchDeliveries(job: Omit<DeliveryJob, "priority">, limit: number, db: Db = getDb()) {
  const rows = await queryDirect<{ count: string }>(
    db,
    Prisma.sql`WITH picked AS (
      DELETE FROM "DeliveryDispatch" WHERE "deliveryId" IN (
        SELECT "deliveryId" FROM "DeliveryDispatch" ORDER BY "priority", "at" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING "deliveryId", "priority", "traceparent"),
    specs AS (
      SELECT array_agg(ROW(${job.task},
        json_strip_nulls(json_build_object('deliveryId', p."deliveryId", ${TRACEPARENT_KEY}::text, p."traceparent")), NULL, NULL, ${job.maxAttempts}::int,
        ${jobKeyOf(Prisma.sql`p."deliveryId"`)}, p."priority", NULL)::graphile_worker.job_spec) AS specs
      FROM picked p)
    SELECT count(*) AS count FROM (SELECT specs FROM specs WHERE specs IS NOT NULL) s, LATERAL graphile_worker.add_jobs(s.specs)`,
  );
  return Number(rows[0]?.count ?? 0);
}

export type EarlierDelivery = Pick<DeliveryRecord, "id" | "operationId" | "action" | "status">;

/**
 * A worker takes a delivery over: Queued (or Running, when the worker that had it died) becomes Running.
 * Returns the delivery, the stored subscription as it is now (for the one-statement store) and the oldest
 * delivery of the same subscription received before it and not applied yet (except those whose outcome
 * contains `passable`: one waiting for a later delivery to explain it), all in one statement; or null when
 * it is settled already (applied by an earlier job, re-run meanwhile): nothing to do.
 */
export async function startDeliveryWork(
  id: string,
  passable = "",
  db: Db = getDb(),
): Promise<{
  delivery: DeliveryRecord;
  subscription: SubscriptionRecord | null;
  earlier: EarlierDelivery | null;
} | null> {
  const rows = await queryDirect<
    DeliveryRecord & { subscriptionRow: Record<string, unknown> | null; earlier: EarlierDelivery | null }
  >(
    db,
    Prisma.sql`WITH d AS (
       UPDATE "WebhookDelivery" SET "status" = 'Running', "lastAttemptAt" = ${NOW_UTC}
       WHERE "id" = ${id}::uuid AND "status" IN ('Queued', 'Running') RETURNING *)
     SELECT ${Prisma.raw(DELIVERY_COLUMNS)},
       (SELECT to_jsonb(s) FROM "Subscription" s WHERE s."id" = d."subscriptionId") AS "subscriptionRow",
       (SELECT json_build_object('id', e."id", 'operationId', e."operationId", 'action', e."action", 'status', e."status")
          FROM "WebhookDelivery" e
          WHERE e."subscriptionId" = d."subscriptionId" AND e."status" IN ('Queued', 'Running')
            AND (e."receivedAt", e."id") < (d."receivedAt", d."id")
            AND (${passable} = '' OR coalesce(e."outcome", '') NOT LIKE ${`%${passable}%`})
          ORDER BY e."receivedAt", e."id" LIMIT 1) AS earlier
     FROM d`,
  );
  const row = rows[0];
  if (!row) return null;
  const { subscriptionRow, earlier, ...delivery } = row;
  return { delivery, subscription: subscriptionRow ? subscriptionFromJson(subscriptionRow) : null, earlier };
}

/**
 * Puts a delivery back in the queue to run after `delayMs` (it waits for an earlier delivery of its
 * subscription): Queued again, with a new job (the running one's key is released by Graphile Worker).
 */
export async function deferDelivery(id: string, job: DeliveryJob, delayMs: number, db: Db = getDb()): Promise<void> {
  const runAt = Prisma.sql`now() + ${Math.round(delayMs)} * interval '1 millisecond'`;
  await db.$executeRaw`WITH d AS (UPDATE "WebhookDelivery" SET "status" = 'Queued' WHERE "id" = ${id}::uuid AND "status" = 'Running' RETURNING "id")
    SELECT ${addJob(job, Prisma.sql`d."id"`, runAt)} FROM d`;
}

/**
 * An owner queues a delivery again (Failed, Refused or Pending): one conditional update with the job and
 * the attempt, so that two clicks (or a click and Microsoft's repeat) queue it once. Null: not re-runnable.
 */
export async function requeueDelivery(
  id: string,
  from: readonly DeliveryStatus[],
  job: DeliveryJob,
  note: string,
  db: Db = getDb(),
): Promise<DeliveryRecord | null> {
  const rows = await queryDirect<DeliveryRecord & { job: unknown }>(
    db,
    Prisma.sql`WITH d AS (
       UPDATE "WebhookDelivery" SET "status" = 'Queued', "attempts" = "attempts" + 1, "lastAttemptAt" = ${NOW_UTC},
         "attention" = ${CLEAR_GIVE_UP}
       WHERE "id" = ${id}::uuid AND "status"::text = ANY(${[...from]}::text[]) RETURNING *),
     q AS (SELECT ${addJob(job, Prisma.sql`d."id"`)} AS job FROM d),
     a AS (INSERT INTO "WebhookAttempt" ("deliveryId", "at", "source", "httpStatus", "outcome", "durationMs", "requestId")
       SELECT d."id", ${NOW_UTC}, 'rerun', NULL, ${note.slice(0, 1000)}, 0, NULL FROM d)
     SELECT ${Prisma.raw(DELIVERY_COLUMNS)}, (SELECT count(*) FROM q) AS job FROM d`,
  );
  const row = rows[0];
  if (!row) return null;
  const { job: _job, ...delivery } = row;
  return delivery;
}

/**
 * Deliveries left Queued or Running without a job (received by a version of the portal before the queue,
 * or a job removed by hand) for longer than `olderThanMs`: queued again. Returns how many.
 */
export async function requeueOrphanedDeliveries(job: DeliveryJob, olderThanMs: number, db: Db = getDb()) {
  const rows = await db.$queryRaw<{ count: bigint }[]>`WITH d AS (
      SELECT "id" FROM "WebhookDelivery" w
      WHERE "status" IN ('Queued', 'Running') AND "lastAttemptAt" < ${NOW_UTC} - ${Math.round(olderThanMs)} * interval '1 millisecond'
        AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j."key" = ${jobKeyOf(Prisma.sql`w."id"`)})
        AND NOT EXISTS (SELECT 1 FROM "DeliveryDispatch" x WHERE x."deliveryId" = w."id")
      LIMIT 1000),
    q AS (SELECT ${addJob(job, Prisma.sql`d."id"::text`)} FROM d)
    SELECT count(*) AS count FROM q`;
  return Number(rows[0]?.count ?? 0);
}

export type QueueSummary = {
  queued: number;
  running: number;
  oldestQueuedAt: Date | null;
  /** How long the oldest queued delivery has waited, by the database's clock. */
  oldestQueuedAgeMs: number | null;
};

/** What an operator watches: deliveries waiting and being applied, and how long the oldest has waited. */
export async function webhookQueueSummary(db: Db = getDb()): Promise<QueueSummary> {
  const rows = await db.$queryRaw<{ queued: bigint; running: bigint; oldest: Date | null; age: number | null }[]>`
    WITH q AS (SELECT count(*) FILTER (WHERE "status" = 'Queued') AS queued, count(*) FILTER (WHERE "status" = 'Running') AS running,
      min("receivedAt") FILTER (WHERE "status" = 'Queued') AS oldest
    FROM "WebhookDelivery" WHERE "status" IN ('Queued', 'Running'))
    SELECT queued, running, oldest, (extract(epoch FROM ${NOW_UTC} - oldest) * 1000)::float8 AS age FROM q`;
  const row = rows[0];
  return {
    queued: Number(row?.queued ?? 0),
    running: Number(row?.running ?? 0),
    oldestQueuedAt: row?.oldest ?? null,
    oldestQueuedAgeMs: row?.age ?? null,
  };
}
