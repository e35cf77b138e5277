import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * Scheduled reconciliation, started by the server's start hook (lib/startup.ts). Every instance of the
 * portal runs this timer; the database decides that only one reconciles at a time, and a scheduled run is
 * skipped when any instance started one within the last 90% of the interval, so a fleet reconciles about
 * once per interval. The timer never keeps the process alive (unref), and the first run waits a random
 * while so that instances started together (a deployment) do not all ask Microsoft at the same moment.
 */

export type Schedule = { stop(): void; nextRunAt(): Date | undefined };

export type ScheduleOptions = {
  intervalMinutes?: number;
  /** The first run: at least this long after start … */
  firstRunMinMs?: number;
  /** … plus a random share of min(interval, this). */
  firstRunJitterMs?: number;
  random?: () => number;
  /** The job; defaults to a scheduled reconciliation (imported when first due, to keep start-up light). */
  run?: (skipIfStartedWithinMs: number) => Promise<void>;
};

const FIRST_RUN_MIN_MS = 60_000;
const FIRST_RUN_JITTER_MS = 10 * 60_000;

// One schedule per process, even if the start hook runs twice (development server reloads).
const holder = globalThis as unknown as { reconcileSchedule?: Schedule };

async function scheduledReconciliation(skipIfStartedWithinMs: number): Promise<void> {
  const { reconcile } = await import("@/lib/reconcile/reconcile");
  const outcome = await reconcile("schedule", { skipIfStartedWithinMs });
  if (!outcome.started) log.info({ runId: outcome.run.id, reason: outcome.reason }, "scheduled reconciliation skipped: another run is in progress or just ran");
}

export function startReconcileSchedule(options: ScheduleOptions = {}): Schedule | undefined {
  const minutes = options.intervalMinutes ?? getEnv().reconcile.intervalMinutes;
  if (minutes === 0) {
    log.info("reconciliation schedule: off (RECONCILE_INTERVAL_MINUTES=0); admins can run it from the dashboard");
    return undefined;
  }
  if (holder.reconcileSchedule) return holder.reconcileSchedule;
  const intervalMs = minutes * 60_000;
  const random = options.random ?? Math.random;
  const run = options.run ?? scheduledReconciliation;
  let timer: NodeJS.Timeout | undefined;
  let dueAt: Date | undefined;
  let stopped = false;

  const arm = (delayMs: number) => {
    if (stopped) return;
    dueAt = new Date(Date.now() + delayMs);
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  // The next run is armed when this one ends: runs of one process never overlap, a slow one never piles up.
  const tick = () => {
    dueAt = undefined;
    run(Math.floor(intervalMs * 0.9))
      .catch((err: unknown) => log.error({ err }, "scheduled reconciliation could not run"))
      .finally(() => arm(intervalMs));
  };

  const firstDelay = (options.firstRunMinMs ?? FIRST_RUN_MIN_MS) + Math.floor(random() * Math.min(intervalMs, options.firstRunJitterMs ?? FIRST_RUN_JITTER_MS));
  arm(firstDelay);
  log.info({ intervalMinutes: minutes, firstRunInSeconds: Math.round(firstDelay / 1000) }, "reconciliation schedule: on");
  const schedule: Schedule = {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (holder.reconcileSchedule === schedule) holder.reconcileSchedule = undefined;
    },
    nextRunAt: () => dueAt,
  };
  holder.reconcileSchedule = schedule;
  return schedule;
}

/** When the next scheduled run is due in this process (for the dashboard), if a schedule runs here. */
export function nextScheduledRun(): Date | undefined {
  return holder.reconcileSchedule?.nextRunAt();
}
