import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { defineTask, enqueueTask } from "@/lib/jobs/task";
import { claimRun, type RunRecord } from "@/lib/data/reconciliation";
import { executeClaimedRun, LEASE_STALE_MS } from "./reconcile";

/**
 * Reconciliation on the job queue. A run is claimed (a Running row: "one at a time" and the progress staff
 * see) and its job queued in the same transaction, by an owner's "Run now" or by the schedule below; any
 * instance's runner executes it. Jobs of the queue "reconcile" run one at a time.
 */

export const reconcileRunTask = defineTask({
  name: "reconcile.run",
  payload: z.object({ runId: z.uuid() }),
  // A run that fails ends Failed with its reason (the next one repairs); only a dead process retries it.
  maxAttempts: 3,
  async run({ runId }) {
    await executeClaimedRun(runId);
  },
});

export function enqueueRun(runId: string, tx: Db): Promise<void> {
  return enqueueTask(reconcileRunTask, { runId }, { queue: "reconcile", key: `reconcile.run:${runId}` }, tx);
}

export type QueueOutcome =
  { started: true; run: RunRecord } | { started: false; reason: "running" | "recent"; run: RunRecord };

/**
 * Claims a run and queues its job in the same transaction (lib/reconcile/tasks.ts): the claimer learns at
 * once whether it started or one is running, and any instance's job runner executes it, with the job
 * queue's retries if that instance dies.
 */
export async function queueReconciliation(
  trigger: string,
  options: { skipIfStartedWithinMs?: number } = {},
): Promise<QueueOutcome> {
  const claim = await claimRun(trigger, {
    staleAfterMs: LEASE_STALE_MS,
    skipIfStartedWithinMs: options.skipIfStartedWithinMs,
    onClaimed: (tx, run) => enqueueRun(run.id, tx),
  });
  if (!claim.claimed) return { started: false, reason: claim.reason, run: claim.run };
  if (claim.tookOver)
    log.warn(
      { runId: claim.run.id, previousRunId: claim.tookOver.id },
      "reconciliation: took over a run whose instance stopped responding",
    );
  return { started: true, run: claim.run };
}

/**
 * Every minute, on one instance (the queue's crontab fires each tick once across the fleet): starts a
 * scheduled run when RECONCILE_INTERVAL_MINUTES have (nearly) passed since the last run of any kind.
 */
export const reconcileScheduleTask = defineTask({
  name: "reconcile.schedule",
  payload: z.looseObject({}),
  schedule: "* * * * *",
  maxAttempts: 1,
  async run() {
    const minutes = getEnv().reconcile.intervalMinutes;
    if (minutes === 0) return;
    const outcome = await queueReconciliation("schedule", {
      skipIfStartedWithinMs: Math.floor(minutes * 60_000 * 0.9),
    });
    if (outcome.started) log.info({ runId: outcome.run.id }, "scheduled reconciliation queued");
  },
});
