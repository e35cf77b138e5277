import "server-only";
import type { z } from "zod";
import { enqueue, type EnqueueOptions } from "@/lib/data/job-queue";
import type { Db } from "@/lib/db";

/**
 * A kind of background job: its name, the zod schema of its payload, and what it does. Each workflow
 * defines its tasks beside its code (e.g. lib/reconcile/tasks.ts); lib/jobs/registry.ts lists them, so a
 * new kind of job is one file and one line there. A payload is checked when it is added and again when
 * it runs (a job added by an older version of the portal may no longer fit).
 */
export type TaskDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  payload: S;
  run(payload: z.output<S>, job: JobInfo): Promise<void>;
  /** Attempts before the job stays failed (visible to staff); Graphile Worker backs off exponentially. */
  maxAttempts?: number;
  /** Run on a schedule: a crontab pattern in UTC; each tick runs once across every instance. */
  schedule?: string;
  /** Also run once soon after a process starts its jobs (one job, keyed, however many start together). */
  atStart?: boolean;
};

export type JobInfo = { id: string; attempt: number; maxAttempts: number; /** Lower runs first. */ priority: number };

export function defineTask<S extends z.ZodType>(task: TaskDefinition<S>): TaskDefinition<S> {
  return task;
}

/** Adds a job of this task; with a transaction it is committed with the change that causes it. */
export async function enqueueTask<S extends z.ZodType>(
  task: TaskDefinition<S>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
  db?: Db,
): Promise<void> {
  const checked = task.payload.parse(payload) as Record<string, unknown>;
  await enqueue(task.name, checked, { maxAttempts: task.maxAttempts, ...options }, db);
}
