import "server-only";
import { getDb } from "@/lib/db";

/**
 * The job queue's pools and their heartbeats (see job-queue.ts): a portal process registers its pool when
 * its runner starts, beats while it runs, and leaves when it stops cleanly. A pool that stopped beating
 * belongs to a process that died; its jobs are unlocked so that another pool runs them.
 */

/** Registers the pool on its first beat; every later beat moves its heartbeat forward. */
export async function heartbeatJobWorker(poolId: string, process: string, now = new Date()): Promise<void> {
  await getDb().jobWorker.upsert({
    where: { poolId },
    create: { poolId, process, startedAt: now, heartbeatAt: now },
    update: { heartbeatAt: now },
  });
}

export async function removeJobWorker(poolId: string): Promise<void> {
  await getDb().jobWorker.deleteMany({ where: { poolId } });
}

/**
 * Unlocks the jobs (and named queues) of every pool whose heartbeat is older than `staleAfterMs`, and
 * forgets those pools. Safe on several instances at once: the rows are taken with SKIP LOCKED, so each
 * dead pool is swept by one of them. Returns the pools swept.
 */
export async function sweepDeadJobWorkers(
  staleAfterMs: number,
  now = new Date(),
): Promise<{ poolId: string; process: string }[]> {
  const before = new Date(now.getTime() - staleAfterMs);
  return getDb().$transaction(async (tx) => {
    const dead = await tx.$queryRaw<{ poolId: string; process: string }[]>`
      SELECT "poolId", "process" FROM "JobWorker" WHERE "heartbeatAt" < ${before} FOR UPDATE SKIP LOCKED`;
    if (!dead.length) return [];
    const ids = dead.map((d) => d.poolId);
    await tx.$executeRaw`SELECT graphile_worker.force_unlock_workers(${ids}::text[])`;
    await tx.jobWorker.deleteMany({ where: { poolId: { in: ids } } });
    return dead;
  });
}

/**
 * Unlocks the jobs (and their named queues) locked by this process's pool for more than `olderThanMs`
 * (the database's clock) that it is not running: their outcome never reached the database. A failed or finished job's write-back that meets
 * a database restart is lost, and Graphile Worker leaves such a job locked for 4 hours (found by
 * bench/cluster.ts: webhook deliveries stuck Running, and a named queue, every outbound event of an
 * endpoint, held behind one such job). The job runs again, as it would after a crash.
 */
export async function releaseLostJobs(
  poolId: string,
  running: readonly string[],
  olderThanMs: number,
): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH lost AS (
      UPDATE graphile_worker._private_jobs SET locked_by = NULL, locked_at = NULL
      WHERE locked_by = ${poolId} AND locked_at < now() - make_interval(secs => ${olderThanMs / 1000})
        AND NOT (id = ANY(${running}::bigint[]))
      RETURNING id, job_queue_id),
    queues AS (
      UPDATE graphile_worker._private_job_queues SET locked_by = NULL, locked_at = NULL
      WHERE locked_by = ${poolId} AND id IN (SELECT job_queue_id FROM lost) RETURNING id)
    SELECT id::text FROM lost`;
  return rows.map((r) => r.id);
}
