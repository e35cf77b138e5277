/**
 * `bench/webhook.ts --tracing`: what tracing costs the webhook. Two portals run side by side, each as a user
 * starts it (`npm start`, its own simulator and database), one without OTEL_* and one exporting every span
 * through the real SDK (BatchSpanProcessor, OTLP/HTTP exporter) to a receiver on loopback in this process.
 * Full-speed webhook rounds alternate between them (off, on, off, …) so this machine's noise falls on both
 * alike; the median rounds' throughputs give the ratio. Each round starts with both queues drained.
 */
import { startOtlpSink } from "../../scripts/test/otlp-sink";
import { combine, run, type RunStats } from "./load";
import { cpuOf } from "./process-cpu";
import { applyTimes, waitForDrain, type ApplyTimes } from "./queue-drain";
import { control, prepareDeliveries, startPortal, type Started } from "./webhook-setup";

export type TracingOptions = {
  deliveries: number;
  warmup: number;
  connections: number;
  rounds: number;
  postgres: boolean;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Side = {
  label: string;
  started: Started;
  bodies: string[];
  ids: string[];
  tokens: string[];
  rounds: RunStats[];
  drains: ApplyTimes[];
};

async function prepare(label: string, started: Started, count: number): Promise<Side> {
  const deliveries = await prepareDeliveries(started.simulator, count);
  const tokens = await Promise.all(
    Array.from(
      { length: 64 },
      async () =>
        `Bearer ${(await control<{ token: string }>(started.simulator, "POST", "/tokens/mint", { preset: "webhook" })).token}`,
    ),
  );
  const bodies = deliveries.map((d) => d.body);
  const ids = deliveries.map((d) => d.operationId);
  return { label, started, bodies, ids, tokens, rounds: [], drains: [] };
}

export async function compareTracing(options: TracingOptions): Promise<void> {
  const sink = await startOtlpSink();
  const sides: Side[] = [];
  const stops: Started[] = [];
  try {
    // One after the other: the first start builds the app if needed, the second reuses the build.
    const off = await startPortal({
      postgres: options.postgres,
      statements: false,
      label: "tracing-off",
      ports: { portal: 3330, simHttps: 4330, simHttp: 4331, pglite: 5630 },
    });
    stops.push(off);
    const on = await startPortal({
      postgres: options.postgres,
      statements: false,
      label: "tracing-on",
      ports: { portal: 3340, simHttps: 4340, simHttp: 4341, pglite: 5640 },
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: "bench-portal" },
    });
    stops.push(on);
    const total = options.warmup + options.deliveries;
    process.stdout.write(`Preparing ${total} real Subscribe operations in each simulator…`);
    sides.push(await prepare("tracing off", off, total), await prepare("tracing on", on, total));
    console.log(" done.");

    const webhook = (side: Side) => new URL("/api/webhooks/marketplace", side.started.portal);
    for (const side of sides)
      await run("warm-up", webhook(side), side.bodies.slice(0, options.warmup), side.tokens, { connections: 8 });

    const size = Math.ceil(options.deliveries / options.rounds);
    for (let r = 0; r < options.rounds; r++)
      for (const side of sides) {
        const from = options.warmup + r * size;
        const bodies = side.bodies.slice(from, from + size);
        // Both queues empty: neither side's round pays for leftover work, its own or the other portal's.
        for (const s of sides) await waitForDrain(s.started.db);
        await sleep(3_000);
        const who = side.started.roles();
        const before = cpuOf(who.portal);
        const stats = await run(side.label, webhook(side), bodies, side.tokens, { connections: options.connections });
        const portalMs = ((cpuOf(who.portal) - before) * 1000) / stats.sent;
        stats.cpuMs = { portal: portalMs, simulator: 0, database: 0 };
        side.rounds.push(stats);
        await waitForDrain(side.started.db);
        side.drains.push(await applyTimes(side.started.db, side.ids.slice(from, from + size)));
      }

    const f = (n: number, digits = 1) => n.toFixed(digits);
    console.log(
      `\nTracing's cost: ${options.deliveries} deliveries per side in ${options.rounds} alternating rounds, ${options.connections} connections\n`,
    );
    const combined = sides.map((s) => combine(`webhook, ${s.label}`, s.rounds));
    for (const [i, c] of combined.entries()) {
      const side = sides[i]!;
      console.log(
        `${c.name.padEnd(22)} ${f(c.throughput).padStart(8)} req/s (rounds ${side.rounds.map((r) => f(r.throughput, 0)).join(", ")})  p50 ${f(c.p50, 2)} ms  p99 ${f(c.p99, 2)} ms  portal CPU ${f(c.cpuMs?.portal ?? 0, 2)} ms/request  200s ${c.ok}/${c.sent}  backlog drained at ${side.drains.map((d) => f(d.backlogPerSecond, 0)).join(", ")}/s`,
      );
    }
    // Let the last batch leave the portal (the batch processor exports every 5 s at most).
    await sleep(6_000);
    const ratio = combined[1]!.throughput / combined[0]!.throughput;
    console.log(
      `\nspans received by the OTLP receiver: ${sink.counts.spans} in ${sink.counts.requests} exports (${f(sink.counts.bytes / 1e6, 1)} MB)`,
    );
    const top = [...sink.counts.byName].sort((a, b) => b[1] - a[1]).slice(0, 10);
    console.log(`most frequent: ${top.map(([name, n]) => `${name} ×${n}`).join(", ")}`);
    console.log(`throughput ratio tracing on / off: ${f(ratio * 100)} %`);
    console.log(`  ${ratio >= 0.9 ? "✓" : "✗"} tracing costs ≤ 10 % of webhook throughput (${f((1 - ratio) * 100)} %)`);
  } finally {
    for (const s of stops) await s.stop();
    await sink.stop();
  }
}
