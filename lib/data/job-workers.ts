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
