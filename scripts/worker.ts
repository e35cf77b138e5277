/**
 * The job queue's workers in a process of their own: `npm run worker` (or `npm start`, which runs one
 * beside the web server when the database is a PostgreSQL server). Webhook deliveries, reconciliation and
 * follow-ups then run on another core than the answers to Microsoft, buyers and staff: in the web process
 * a burst of deliveries took the CPU that the answers needed (README, "Acknowledged on receipt").
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
const { startJobs, stopJobs } = await import("../lib/jobs/start");
const { log } = await import("../lib/log");
await startJobs({ concurrency });
log.info({ concurrency }, "worker process ready");
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => {
    void stopJobs().finally(() => process.exit(0));
  });
