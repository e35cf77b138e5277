import "server-only";
import { getDb } from "@/lib/db";

/** One kind of job in the queue, as an operator watches it (Prometheus gauges, lib/metrics). */
export type TaskBacklog = {
  task: string;
  /** Due and waiting for a worker. */
  ready: number;
  running: number;
  /** Waiting for their time: a retry's backoff, a schedule, a deferred delivery. */
  scheduled: number;
  /** Out of attempts: they stay until someone looks (the webhook inbox flags its own). */
  failed: number;
  /** How long the oldest ready job has been due, by the database's clock (0 when none is). */
  oldestReadySeconds: number;
};

/**
 * Counts the queue's jobs per task in one statement over Graphile Worker's tables (small: done jobs are
 * deleted). Every task the queue has seen is listed, with zeros when it has no job: a dashboard shows 0
 * rather than no data.
 */
export async function jobBacklogByTask(): Promise<TaskBacklog[]> {
  const rows = await getDb().$queryRaw<
    { task: string; ready: bigint; running: bigint; scheduled: bigint; failed: bigint; oldest: number | null }[]
  >`
    SELECT t.identifier AS task,
      count(j.id) FILTER (WHERE j.locked_at IS NULL AND j.attempts < j.max_attempts AND j.run_at <= now()) AS ready,
      count(j.id) FILTER (WHERE j.locked_at IS NOT NULL) AS running,
      count(j.id) FILTER (WHERE j.locked_at IS NULL AND j.attempts < j.max_attempts AND j.run_at > now()) AS scheduled,
      count(j.id) FILTER (WHERE j.locked_at IS NULL AND j.attempts >= j.max_attempts) AS failed,
      extract(epoch FROM now() - min(j.run_at) FILTER (WHERE j.locked_at IS NULL AND j.attempts < j.max_attempts AND j.run_at <= now()))::float8 AS oldest
    FROM graphile_worker._private_tasks t LEFT JOIN graphile_worker._private_jobs j ON j.task_id = t.id
    GROUP BY t.identifier ORDER BY t.identifier`;
  return rows.map((r) => ({
    task: r.task,
    ready: Number(r.ready),
    running: Number(r.running),
    scheduled: Number(r.scheduled),
    failed: Number(r.failed),
    oldestReadySeconds: Math.max(0, r.oldest ?? 0),
  }));
}

/** Outbound events not delivered yet: pending (with the age of the oldest) and dead-lettered (given up). */
export type OutboundBacklog = { pending: number; dead: number; oldestPendingSeconds: number };

/**
 * Per endpoint through its (endpointId, state, id) index, then summed: delivered messages, the bulk of the
 * table, are never read.
 */
export async function outboundBacklog(): Promise<OutboundBacklog> {
  const [row] = await getDb().$queryRaw<{ pending: bigint | null; dead: bigint | null; oldest: number | null }[]>`
    SELECT sum(m.pending) AS pending, sum(m.dead) AS dead,
      extract(epoch FROM now() - min(m.oldest))::float8 AS oldest
    FROM "EventEndpoint" e, LATERAL (
      SELECT count(*) FILTER (WHERE o."state" = 'pending') AS pending, count(*) FILTER (WHERE o."state" = 'dead') AS dead,
        min(o."createdAt") FILTER (WHERE o."state" = 'pending') AS oldest
      FROM "OutboundMessage" o WHERE o."endpointId" = e."id" AND o."state" IN ('pending', 'dead')) m`;
  return {
    pending: Number(row?.pending ?? 0),
    dead: Number(row?.dead ?? 0),
    oldestPendingSeconds: Math.max(0, row?.oldest ?? 0),
  };
}
