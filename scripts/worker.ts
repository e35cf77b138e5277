/**
 * The job queue's workers in a process of their own: `npm run worker`, for a fleet whose web instances run
 * with JOBS_CONCURRENCY=0. Webhook deliveries, reconciliation and follow-ups then run on other machines than
 * the answers to Microsoft, buyers and staff (README, "Acknowledged on receipt": where the workers run).
 *
 * Run as `node --conditions=react-server --import tsx scripts/worker.ts`: the react-server condition
 * resolves `server-only` to its empty module, as Next.js does for server code. Stops on SIGTERM/SIGINT
 * after the jobs in hand (Graphile Worker's graceful stop), within SHUTDOWN_TIMEOUT_MS; a job cut short runs
 * again elsewhere.
 */
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd());
const { ConfigError, getEnv } = await import("../lib/env");
let concurrency: number;
let shutdownTimeoutMs: number;
try {
  const env = getEnv();
  concurrency = Number(process.env.WORKER_CONCURRENCY) || env.jobs.concurrency || 8;
  shutdownTimeoutMs = env.shutdownTimeoutMs;
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
// Traces of the jobs (OTEL_*), as the web server's (instrumentation.ts); nothing is loaded when unset.
await (await import("../lib/startup")).startTracing();
const { stopTracing } = await import("../lib/tracing/start");
const { startJobs, stopJobs } = await import("../lib/jobs/start");
const { log } = await import("../lib/log");
await startJobs({ concurrency });
log.info({ concurrency }, "worker process ready");
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, timeoutMs: shutdownTimeoutMs }, "worker stopping: finishing the jobs in hand");
    // Bounded like the server's (SHUTDOWN_TIMEOUT_MS): a job still running then is freed by the sweeper.
    setTimeout(() => {
      log.error({ timeoutMs: shutdownTimeoutMs }, "worker: jobs still running at the shutdown timeout; exiting");
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    stopJobs()
      .then(stopTracing) // the last spans of the jobs in hand
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, "worker: stopping the job queue failed");
          process.exit(1);
        },
      );
  });
