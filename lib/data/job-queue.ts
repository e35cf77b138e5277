import "server-only";
import { EventEmitter } from "node:events";
import {
  Logger,
  parseCronItems,
  run,
  type CronItem,
  type Runner,
  type TaskList,
  type WorkerEvents,
} from "graphile-worker";
import pg from "pg";
import { databaseUrl, getDb, isEmbeddedDatabase, type Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { currentTraceparent, TRACEPARENT_KEY } from "@/lib/tracing/spans";

/**
 * The job queue: Graphile Worker on the portal's own database (schema `graphile_worker`). Chosen over
 * pg-boss (measured on this machine, README "Background work"): jobs are picked up through LISTEN/NOTIFY
 * in ~10 ms on a PostgreSQL server instead of a poll every ≥ 0.5 s, a named queue runs its jobs one at a
 * time in order (per-subscription ordering), its crontab fires each tick once across all instances, and a
 * job can be added in the same transaction as the change that causes it (`enqueue` with a transaction).
 *
 * Two things the engine leaves to us:
 * - On the embedded database every connection shares one session (scripts/pglite-session-queue.ts):
 *   named prepared statements would collide and notifications reach the wrong connection, so there the
 *   runner uses unnamed statements and polls every 250 ms.
 * - A crashed process keeps its jobs locked for 4 hours. Each runner's pool id is registered with a
 *   heartbeat (lib/data/job-workers.ts); the sweeper unlocks the jobs of a pool whose heartbeat stopped.
 */

export type EnqueueOptions = {
  /** Jobs of one named queue run one at a time, in the order they were added. */
  queue?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** At most one pending job per key: adding again replaces it (or keeps its time: `preserve_run_at`). */
  key?: string;
  keyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  priority?: number;
};

/** Adds a job; pass the transaction of the change that causes it, so both are committed or neither. */
export async function enqueue(
  task: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
  db: Db = getDb(),
): Promise<void> {
  // The job's span continues the trace of the request or job that added it (lib/jobs/tracing.ts); no key when tracing is off.
  const traceparent = currentTraceparent();
  const carried = traceparent ? { ...payload, [TRACEPARENT_KEY]: traceparent } : payload;
  await db.$executeRaw`SELECT graphile_worker.add_job(
    ${task}, ${JSON.stringify(carried)}::json,
    queue_name => ${options.queue ?? null}::text, run_at => ${options.runAt ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? null}::int, job_key => ${options.key ?? null}::text,
    priority => ${options.priority ?? null}::int, job_key_mode => ${options.keyMode ?? "replace"}::text)`;
}

export type RunnerOptions = {
  tasks: TaskList;
  cron: CronItem[];
  concurrency: number;
  /** Called once the runner's pool exists, with the id its jobs are locked by. */
  onPool?: (poolId: string) => void;
};

export type JobRunner = {
  poolId: string;
  /** Ids of the jobs this process is running now (from their start until their outcome is known). */
  running(): string[];
  stop(): Promise<void>;
};

export async function startJobRunner(options: RunnerOptions): Promise<JobRunner> {
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: options.concurrency + 2,
    idleTimeoutMillis: 60_000,
  });
  // Graphile Worker asks for both: a broken connection must not crash the process.
  pool.on("error", (err) => log.warn({ err }, "job queue: idle database connection failed"));
  pool.on("connect", (client) =>
    client.on("error", (err) => log.warn({ err }, "job queue: database connection failed")),
  );
  const embedded = await isEmbeddedDatabase();
  let poolId = "";
  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => {
    poolId = workerPool.id;
    options.onPool?.(poolId);
  });
  // A job leaves this set once its task ended, whether or not its outcome could be written back: a job
  // still locked by this pool and not in the set is lost (job-workers.ts, releaseLostJobs).
  const running = new Set<string>();
  events.on("job:start", ({ job }) => void running.add(job.id));
  for (const ended of ["job:success", "job:error", "job:complete"] as const)
    events.on(ended, ({ job }) => void running.delete(job.id));
  const runner: Runner = await run({
    events,
    pgPool: pool,
    taskList: options.tasks,
    parsedCronItems: parseCronItems(options.cron),
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: embedded ? 250 : 2_000,
    noPreparedStatements: embedded || !getEnv().dbPreparedStatements,
    // Not Graphile Worker's local queue (jobs fetched in batches): it ran two jobs of one named queue at
    // once (queue.int.test.ts), and drained webhook bursts only 5-10 % faster (within this machine's noise).
    logger: queueLogger,
  });
  return {
    get poolId() {
      return poolId;
    },
    running: () => [...running],
    async stop() {
      await runner.stop();
      await pool.end();
    },
  };
}

const LEVELS: Record<string, "error" | "warn" | "debug"> = {
  error: "error",
  warning: "warn",
  info: "debug",
  debug: "debug",
};

/**
 * Graphile Worker's log lines through the portal's logger. Its "info" lines are per job (debug here); a
 * failed attempt of a job that will be retried is a warning (the job's own log says why), not an error.
 */
const queueLogger = new Logger((scope) => (level, message, meta) => {
  const mapped = LEVELS[level] ?? "debug";
  const jobFailure = scope.jobId !== undefined || (meta !== undefined && "job" in meta);
  log[mapped === "error" && jobFailure ? "warn" : mapped](
    { component: "jobs", task: scope.taskIdentifier, jobId: scope.jobId, ...(meta?.error ? { err: meta.error } : {}) },
    message,
  );
});
