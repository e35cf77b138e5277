import "server-only";
import { getDb, inTransaction, type Db } from "@/lib/db";
import type { ReconciliationRun } from "@/generated/prisma/client";

/**
 * Reconciliation runs: who may run now, progress, outcome. "Only one run at a time" is decided in the
 * database, so it holds across portal instances: a run is a Running row with a lease (`heartbeatAt`).
 * Claiming takes a transaction-scoped advisory lock, so two claimers are serialised on PostgreSQL and
 * PGlite alike without holding any connection or transaction for the length of the run; a claimer that
 * finds a Running row with a fresh heartbeat gets "already running", one with a stale heartbeat (the
 * instance crashed) marks it Failed and takes over. Every later write of a run is conditional on it
 * still being Running, so a run that lost its lease notices and stops.
 */

export type RunRecord = ReconciliationRun;
export type RunCounters = { pages: number; checked: number; created: number; repaired: number };

/** The advisory lock key: any 64-bit number unique to this purpose in the database. */
const CLAIM_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('marketplace-portal:reconciliation')::bigint)";

export type ClaimOutcome =
  | { claimed: true; run: RunRecord; tookOver: RunRecord | null }
  | { claimed: false; reason: "running"; run: RunRecord }
  | { claimed: false; reason: "recent"; run: RunRecord };

export type ClaimOptions = {
  now?: Date;
  /** A Running row whose heartbeat is older than this belongs to a dead instance. */
  staleAfterMs: number;
  /** Scheduled runs: do nothing when any run started this recently (several instances share one schedule). */
  skipIfStartedWithinMs?: number;
  /** Runs in the claiming transaction with the new run (e.g. to queue its job with it: both or neither). */
  onClaimed?: (tx: Db, run: RunRecord) => Promise<void>;
};

export async function claimRun(trigger: string, options: ClaimOptions): Promise<ClaimOutcome> {
  const now = options.now ?? new Date();
  return inTransaction(async (tx) => {
    await tx.$executeRawUnsafe(CLAIM_LOCK_SQL);
    const running = await tx.reconciliationRun.findFirst({
      where: { status: "Running" },
      orderBy: { startedAt: "desc" },
    });
    const staleBefore = new Date(now.getTime() - options.staleAfterMs);
    if (running && running.heartbeatAt >= staleBefore) return { claimed: false, reason: "running", run: running };
    if (options.skipIfStartedWithinMs !== undefined) {
      const recent = await tx.reconciliationRun.findFirst({
        where: { startedAt: { gt: new Date(now.getTime() - options.skipIfStartedWithinMs) } },
        orderBy: { startedAt: "desc" },
      });
      if (recent && recent.status !== "Running") return { claimed: false, reason: "recent", run: recent };
    }
    let tookOver: RunRecord | null = null;
    if (running) {
      const message = `Interrupted: the portal instance running it stopped responding (last heartbeat ${running.heartbeatAt.toISOString()}); a new run took over. What it repaired before stopping is kept.`;
      await tx.reconciliationRun.updateMany({
        where: { status: "Running", heartbeatAt: { lt: staleBefore } },
        data: { status: "Failed", finishedAt: now, errorMessage: message },
      });
      tookOver = { ...running, status: "Failed", finishedAt: now, errorMessage: message };
    }
    const run = await tx.reconciliationRun.create({ data: { trigger, startedAt: now, heartbeatAt: now } });
    await options.onClaimed?.(tx, run);
    return { claimed: true, run, tookOver };
  });
}

/** Renews the lease (and adds progress). False when the run is no longer ours: taken over or finished. */
export async function touchRun(
  runId: string,
  progress: Partial<RunCounters> = {},
  now = new Date(),
  db: Db = getDb(),
): Promise<boolean> {
  const increments = Object.fromEntries(
    Object.entries(progress)
      .filter(([, n]) => n !== 0)
      .map(([key, n]) => [key, { increment: n }]),
  );
  const result = await db.reconciliationRun.updateMany({
    where: { id: runId, status: "Running" },
    data: { heartbeatAt: now, ...increments },
  });
  return result.count === 1;
}

/** Ends a run; false when it had already ended (taken over after losing its lease). */
export async function finishRun(
  runId: string,
  outcome: { status: "Succeeded" } | { status: "Failed"; errorMessage: string },
  now = new Date(),
): Promise<boolean> {
  const result = await getDb().reconciliationRun.updateMany({
    where: { id: runId, status: "Running" },
    data: {
      status: outcome.status,
      finishedAt: now,
      heartbeatAt: now,
      errorMessage: outcome.status === "Failed" ? outcome.errorMessage.slice(0, 2_000) : null,
    },
  });
  return result.count === 1;
}

export function getRun(id: string): Promise<RunRecord | null> {
  return getDb().reconciliationRun.findUnique({ where: { id } });
}

/** The newest runs first (the Running one, if any, is the newest). */
export function listRuns(limit = 20): Promise<RunRecord[]> {
  return getDb().reconciliationRun.findMany({
    orderBy: { startedAt: "desc" },
    take: Math.min(Math.max(limit, 1), 100),
  });
}

export type RunRepair = { auditId: string; at: Date; action: string; subscriptionId: string; fields: string[] };

/**
 * What a run repaired, then what it created, newest first: its audit entries carry the run id as request id. The
 * time window lets PostgreSQL walk the audit's `at` index instead of scanning the whole trail.
 */
export async function listRunRepairs(
  run: Pick<RunRecord, "id" | "startedAt" | "finishedAt">,
  limit = 50,
): Promise<RunRepair[]> {
  const margin = 5 * 60_000;
  const rows = await getDb().event.findMany({
    where: {
      requestId: run.id,
      // subscription.activated: an activation the portal had not recorded (reconcile.ts), by its run.
      action: { in: ["reconcile.repaired", "reconcile.created", "subscription.activated"] },
      at: {
        gte: new Date(run.startedAt.getTime() - margin),
        lte: new Date((run.finishedAt ?? new Date()).getTime() + margin),
      },
    },
    // Repairs before creations ("reconcile.repaired" sorts after "reconcile.created"): they matter more.
    orderBy: [{ action: "desc" }, { at: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, at: true, action: true, subjectId: true, after: true },
  });
  return rows.map((r) => ({
    auditId: r.id.toString(),
    at: r.at,
    action: r.action,
    subscriptionId: r.subjectId,
    fields: r.after && typeof r.after === "object" && !Array.isArray(r.after) ? Object.keys(r.after).sort() : [],
  }));
}
