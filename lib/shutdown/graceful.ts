import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { log } from "@/lib/log";
import { beginShutdown } from "./state";

/**
 * Graceful shutdown of the server process on SIGTERM / SIGINT (a container stop, a scale-in, a new
 * revision), in this order:
 *   1. readiness (/api/ready) answers 503 `shutting-down` at once; the server goes on serving for
 *      `readinessDelayMs` (SHUTDOWN_READINESS_DELAY_MS), the time a load balancer takes to see the probe fail
 *      and stop routing here: closing first would refuse the requests still sent in that time;
 *   2. the HTTP server stops accepting connections, and the requests in hand (webhook receipts) finish;
 *   3. `drain` runs: received deliveries handed to the queue, the job runner stopped (running jobs finish,
 *      their leases released), this worker's heartbeat row removed;
 *   4. the process exits 0, or 1 when it all took longer than `timeoutMs` (what it left is taken up again:
 *      unanswered receipts are retried by Microsoft, unfinished jobs are freed by the sweeper).
 *
 * Next.js's own handler (next/dist/server/lib/start-server.js) closes the server and exits as soon as the
 * requests are done, which would cut the jobs short: it is replaced (its listeners are the only ones at
 * this point; NEXT_MANUAL_SIG_HANDLE=true keeps Next from adding them at all).
 */
export type ShutdownOptions = { timeoutMs: number; readinessDelayMs?: number; drain: () => Promise<void> };

export function installGracefulShutdown(options: ShutdownOptions): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal, options));
  }
}

/** The shutdown itself (exported for its test); a second call while one runs does nothing. */
export async function shutdown(signal: string, options: ShutdownOptions): Promise<void> {
  if (!beginShutdown()) return;
  const started = Date.now();
  const readinessDelayMs = options.readinessDelayMs ?? 0;
  log.info(
    { signal, timeoutMs: options.timeoutMs, readinessDelayMs },
    "shutting down: not ready, finishing requests and jobs",
  );
  const deadline = setTimeout(
    () =>
      exitAfter(1, () =>
        log.error(
          { timeoutMs: options.timeoutMs },
          "shutdown took too long: exiting with work left to other instances",
        ),
      ),
    options.timeoutMs,
  );
  try {
    if (readinessDelayMs > 0) await sleep(readinessDelayMs);
    await Promise.all(httpServers().map(closeServer));
    log.info({ ms: Date.now() - started }, "shutdown: requests finished");
    await options.drain();
    clearTimeout(deadline);
    exitAfter(0, () => log.info({ ms: Date.now() - started }, "shutdown: done"));
  } catch (err) {
    exitAfter(1, () => log.error({ err }, "shutdown failed: exiting"));
  }
}

/**
 * Exits whatever the last log line does. Writing to a stdout whose reader is gone throws (EPIPE), and
 * Next.js's uncaughtException handler only logs: an exit placed after a throwing log call never ran, and
 * an end-to-end run's server lived on for ever after its shutdown timed out.
 */
export function exitAfter(code: number, lastWords: () => void): never {
  try {
    lastWords();
  } finally {
    process.exit(code);
  }
}

/**
 * The listening HTTP servers of this process. Next.js creates its server before the instrumentation hook
 * runs and keeps no public handle to it: Node's list of active handles is the one place that has it.
 */
function httpServers(): http.Server[] {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles.filter((h): h is http.Server => h instanceof http.Server);
}

/**
 * Stops accepting and resolves once every connection has ended. Connections kept alive between requests
 * are closed whenever they fall idle; a request in progress is never cut.
 */
function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      clearInterval(idle);
      resolve();
    });
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
  });
}
