import "server-only";
import os from "node:os";
import type { CronItem, TaskList } from "graphile-worker";
import { startJobRunner, type JobRunner } from "@/lib/data/job-queue";
import { heartbeatJobWorker, releaseLostJobs, removeJobWorker, sweepDeadJobWorkers } from "@/lib/data/job-workers";
import { finishDetachedDeliveries } from "@/lib/events-out/deliver";
import { log } from "@/lib/log";
import { TASKS } from "./registry";
import { DEAD_AFTER_MS, HEARTBEAT_MS, LOST_AFTER_MS } from "./sweep";
import { enqueueTask, type TaskDefinition } from "./task";
import { traceJobRun } from "./tracing";

/**
 * Starts this process's share of the background work (lib/startup.ts): a runner that takes jobs of every
 * task in the registry, the schedules, and the heartbeat that tells other instances this one is alive.
 */

const holder = globalThis as unknown as { jobs?: Promise<JobRunner> };
const PROCESS = `${os.hostname()}:${process.pid}`;

export function taskList(tasks: readonly TaskDefinition[]): TaskList {
  return Object.fromEntries(
    tasks.map((task) => [
      task.name,
      async (
        payload: unknown,
        helpers: { job: { id: string; attempts: number; max_attempts: number; priority: number } },
      ) => {
        const parsed = task.payload.safeParse(payload ?? {});
        if (!parsed.success)
          throw new Error(`Job payload for ${task.name} is not valid: ${parsed.error.issues[0]?.message}`);
        await traceJobRun(task.name, helpers.job, payload, () =>
          task.run(parsed.data, {
            id: helpers.job.id,
            attempt: helpers.job.attempts,
            maxAttempts: helpers.job.max_attempts,
            priority: helpers.job.priority,
          }),
        );
      },
    ]),
  );
}

export function cronItems(tasks: readonly TaskDefinition[]): CronItem[] {
  return tasks
    .filter((t) => t.schedule)
    .map((t) => ({
      task: t.name,
      match: t.schedule!,
      identifier: t.name,
      options: { maxAttempts: t.maxAttempts ?? 1, backfillPeriod: 0 },
    }));
}

/** Stops this process's runner, if it started one (tests; a server stops with its process). */
export async function stopJobs(): Promise<void> {
  const running = holder.jobs;
  holder.jobs = undefined;
  if (running) await (await running).stop();
}

/** Jobs this process locked and is not running (their outcome was lost): back to the queue, with a warning. */
async function releaseLost(poolId: string, runner: JobRunner): Promise<void> {
  const released = await releaseLostJobs(poolId, runner.running(), LOST_AFTER_MS);
  if (released.length)
    log.warn(
      { poolId, jobIds: released },
      "job queue: jobs whose outcome never reached the database (it restarted meanwhile) go back to the queue",
    );
}

export function startJobs(options: { concurrency?: number } = {}): Promise<JobRunner> {
  holder.jobs ??= (async () => {
    // A process that restarts after a crash frees its predecessor's jobs at once instead of within a minute.
    await sweepDeadJobWorkers(DEAD_AFTER_MS).catch((err: unknown) =>
      log.warn({ err }, "job queue: first sweep failed"),
    );
    let timer: NodeJS.Timeout | undefined;
    // The heartbeat starts before the runner is returned; it checks lost jobs once it is.
    const started: { runner?: JobRunner } = {};
    const runner: JobRunner = await startJobRunner({
      tasks: taskList(TASKS),
      cron: cronItems(TASKS),
      concurrency: options.concurrency ?? 4,
      onPool(poolId) {
        const beat = () =>
          heartbeatJobWorker(poolId, PROCESS)
            .then(() => started.runner && releaseLost(poolId, started.runner))
            .catch((err: unknown) => log.warn({ err }, "job queue: heartbeat failed"));
        void beat();
        timer = setInterval(beat, HEARTBEAT_MS);
        timer.unref();
      },
    });
    started.runner = runner;
    for (const task of TASKS.filter((t) => t.atStart))
      await enqueueTask(task, {}, { key: `${task.name}:at-start`, keyMode: "preserve_run_at" }).catch((err: unknown) =>
        log.warn({ err, task: task.name }, "job queue: a task to run at start could not be added"),
      );
    log.info({ poolId: runner.poolId, tasks: TASKS.map((t) => t.name) }, "job queue: running");
    return {
      poolId: runner.poolId,
      running: () => runner.running(),
      async stop() {
        clearInterval(timer);
        await runner.stop();
        // Outbound requests outlive their jobs (lib/events-out/deliver.ts): let them record their outcome.
        await finishDetachedDeliveries();
        await removeJobWorker(runner.poolId).catch(() => undefined);
      },
    };
  })();
  return holder.jobs;
}
