/**
 * A portal instance in its own process, for tests that kill one (started by test/portal-process.ts): the
 * webhook's real route handler on a route server (test/route-server.ts), configured by the environment it
 * inherits (DATABASE_URL, the simulator's URLs). Prints "webhook ready <url>" once it listens.
 * Run as `node --import tsx test/webhook-process.ts` with TSX_TSCONFIG_PATH=test/webhook-process.tsconfig.json,
 * which maps `@/` and `server-only` as Vitest does. With WEBHOOK_PROCESS_JOBS=<n> it runs a job worker too.
 */
import { startRouteServer } from "./route-server";

const WEBHOOK_PATH = "/api/webhooks/marketplace";

const { POST } = await import("@/app/api/webhooks/marketplace/route");
const server = await startRouteServer(WEBHOOK_PATH, POST);
process.stdout.write(`webhook ready ${server.url}\n`);

// WEBHOOK_PROCESS_JOBS=<n>: this instance also runs n jobs at a time (its worker applies deliveries), as a server does.
const concurrency = Number(process.env.WEBHOOK_PROCESS_JOBS ?? "0");
if (concurrency > 0) {
  const { startJobs } = await import("@/lib/jobs/start");
  const runner = await startJobs({ concurrency });
  process.stdout.write(`jobs ready ${runner.poolId}\n`);
}
