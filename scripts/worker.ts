/**
 * The job queue's workers in a process of their own: `npm run worker`, for a fleet whose web instances run
 * with JOBS_CONCURRENCY=0. Webhook deliveries, reconciliation and follow-ups then run on other machines than
 * the answers to Microsoft, buyers and staff (README, "Acknowledged on receipt": where the workers run).
 *
 * Run as `node --conditions=react-server --import tsx scripts/worker.ts`: the react-server condition
 * resolves `server-only` to its empty module, as Next.js does for server code. Stops on SIGTERM/SIGINT
 * after the jobs in hand (Graphile Worker's graceful stop); a job cut short runs again elsewhere.
 */
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd());
const { ConfigError, getEnv } = await import("../lib/env");
let concurrency: number;
try {
  concurrency = Number(process.env.WORKER_CONCURRENCY) || getEnv().jobs.concurrency || 8;
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
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => {
    void stopJobs()
      .then(stopTracing) // the last spans of the jobs in hand
      .finally(() => process.exit(0));
  });
