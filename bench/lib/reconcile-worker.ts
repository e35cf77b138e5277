/**
 * The process that reconciles, for bench/reconcile.ts: the portal's real `reconcile` with the real
 * Marketplace client (MSAL over HTTPS to the simulator), configured through the same environment
 * variables as the portal. Started with NODE_EXTRA_CA_CERTS (Node reads it only at start) and the
 * react-server condition (the portal's server modules import "server-only"). Samples its own RSS
 * and prints one JSON line per run.
 */
import { disconnectDb } from "../../lib/db";
import { reconcile } from "../../lib/reconcile/reconcile";

export type WorkerReport = {
  label: string;
  ms: number;
  /** CPU time of this process during the run (user + system). */
  cpuMs: number;
  peakRssBytes: number;
  status: string;
  pages: number;
  checked: number;
  created: number;
  repaired: number;
  errorMessage: string | null;
};

async function measured(label: string): Promise<WorkerReport> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const outcome = await reconcile(`bench:${label}`);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (!outcome.started) throw new Error(`The run did not start: ${outcome.reason}`);
  const { status, pages, checked, created, repaired, errorMessage } = outcome.run;
  return {
    label,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    peakRssBytes: peak,
    status,
    pages,
    checked,
    created,
    repaired,
    errorMessage,
  };
}

async function main(): Promise<void> {
  for (const label of process.argv.slice(2)) console.log(`REPORT ${JSON.stringify(await measured(label))}`);
  await disconnectDb();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
