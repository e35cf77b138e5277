/**
 * Throughput of the cluster: `count` real Subscribe deliveries sent through the load balancer as fast as
 * `connections` allow, timed until the last one is applied by the job queue (whichever instance's worker
 * takes it), with the CPU every instance and the database spent meanwhile.
 */
import { run, type Delivery } from "../lib/load";
import { cpuOf, roles } from "../lib/process-cpu";
import { waitForDrain } from "../lib/queue-drain";
import type { Instance } from "./stack";

export type Throughput = {
  instances: number;
  deliveries: number;
  ackPerSecond: number;
  appliedPerSecond: number;
  ackP99: number;
  cpuMsPerDelivery: number;
  statuses: Record<number, number>;
};

export async function measure(
  lb: string,
  dbUrl: string,
  dbPort: string,
  running: Instance[],
  deliveries: Delivery[],
  tokens: string[],
  options: { warmUp: Delivery[] },
): Promise<Throughput> {
  const postmaster = roles(process.pid, dbPort).postmaster;
  const cpu = () =>
    running.reduce((s, i) => s + i.cpuSeconds(), 0) + (postmaster ? cpuOf([postmaster], postmaster) : 0);
  const webhook = new URL("/api/webhooks/marketplace", lb);
  await run(
    "warm-up",
    webhook,
    options.warmUp.map((d) => d.body),
    tokens,
    { connections: 4 },
  );
  await waitForDrain(dbUrl);
  const before = cpu();
  const started = performance.now();
  const stats = await run(
    `${running.length} instance(s)`,
    webhook,
    deliveries.map((d) => d.body),
    tokens,
    { connections: 16 },
  );
  await waitForDrain(dbUrl);
  const seconds = (performance.now() - started) / 1000;
  return {
    instances: running.length,
    deliveries: deliveries.length,
    ackPerSecond: stats.throughput,
    appliedPerSecond: deliveries.length / seconds,
    ackP99: stats.p99,
    cpuMsPerDelivery: ((cpu() - before) * 1000) / deliveries.length,
    statuses: stats.statuses,
  };
}
