import { ConfigError, getEnv, inspectEnv, isDevServer } from "./env";
import { startJobs, stopJobs } from "./jobs/start";
import { log } from "./log";
import { installGracefulShutdown } from "./shutdown/graceful";
import { startTracingWhenConfigured, stopTracing } from "./tracing/start";
import { dispatchWaitingDeliveries } from "./webhooks/dispatch";

/**
 * Tracing (OTEL_*), when configured. Unusable configuration is left to onServerStart, which names each
 * problem and stops; a tracing failure never stops the portal.
 */
export async function startTracing(): Promise<void> {
  const { env } = inspectEnv();
  if (!env) return;
  await startTracingWhenConfigured(env.tracing).catch((err: unknown) =>
    log.error({ err }, "tracing could not start; the portal runs without it"),
  );
}

/**
 * A portal with unusable configuration stops at start, with a message naming each problem, instead of
 * failing later on a buyer's request. (scripts/start.ts checks the same before starting anything.)
 */
export function onServerStart(): void {
  try {
    const env = getEnv();
    log.info({ mode: env.mode, portalUrl: env.portalUrl, marketplaceApi: env.marketplace.apiUrl }, "portal starting");
    // `next dev` keeps Next.js's own quick exit; a built server finishes its requests and jobs first.
    if (!isDevServer())
      installGracefulShutdown({
        timeoutMs: env.shutdownTimeoutMs,
        readinessDelayMs: env.shutdownReadinessDelayMs,
        async drain() {
          // Receipts whose hand-off to the queue (after the answer) had not run yet: queued now, not at the next start.
          await dispatchWaitingDeliveries();
          await stopJobs();
          await stopTracing(); // the last spans of the requests and jobs just finished
        },
      });
    // Background work belongs to the running server only (tests and scripts never call this hook): this
    // process takes its share of the job queue (webhook deliveries, reconciliation and its schedule, follow-ups).
    // JOBS_CONCURRENCY=0: a web-only instance (it still adds jobs; the others run them).
    if (env.jobs.concurrency > 0)
      startJobs({ concurrency: env.jobs.concurrency }).catch((err: unknown) =>
        log.error({ err }, "the job queue could not start; background work waits for another instance or a restart"),
      );
    else
      log.info(
        "JOBS_CONCURRENCY=0: this process runs no background work (another instance or an npm run worker process does)",
      );
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
