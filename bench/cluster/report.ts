/** The verdict table and the throughput figures of bench/cluster.ts; true when every check passed. */
import os from "node:os";
import type pg from "pg";
import type { EventSink } from "../lib/event-sink";
import type { Balancer } from "./balancer";
import type { Buyers } from "./buyers";
import type { Marketplace } from "./microsoft";
import type { Settled, WebhookLog } from "./settle";
import type { SoakResult } from "./soak";
import type { Instance } from "./stack";
import type { Throughput } from "./throughput";
import {
  cronTicks,
  drift,
  heapGrowth,
  heapSeries,
  inbox,
  logs,
  outbound,
  rssGrowth,
  scaleOut,
  SCALE_OUT_MIN_DELIVERIES,
  type Check,
} from "./verdict";

export async function report(r: {
  db: pg.Pool;
  ms: Marketplace;
  sink: EventSink;
  firstEvent: bigint;
  instances: Instance[];
  rss: Map<string, number[]>;
  /** From the soak's start to the end of settling (epoch ms): the heap samples judged. */
  soakWindow: [number, number];
  throughput: [Throughput, Throughput];
  soak: SoakResult;
  buyers: Buyers;
  webhookLog: WebhookLog;
  settled: Settled;
  balancer: Balancer;
  label: string;
}): Promise<boolean> {
  const truth = await r.ms.subscriptions();
  const drifted = await drift(r.db, truth);
  const delivered = r.webhookLog.delivered();
  const box = await inbox(r.db, delivered, drifted.ids);
  const lines = logs(r.instances.map((i) => i.logFile));
  const calls = await r.ms.activateCalls();
  const purchases = [...r.buyers.activated, ...r.buyers.failed.map((f) => f.id)];
  const notOnce = purchases.filter((id) => calls[id] !== 1);
  const cron = await cronTicks(r.db);
  const out = await outbound(r.db, r.sink, r.firstEvent);
  const MB = 2 ** 20;
  const memory = r.instances.map((i) => {
    const series = heapSeries(i.heapFile, ...r.soakWindow);
    return {
      name: i.name,
      heap: heapGrowth(series.map((s) => s.heapUsed / MB)),
      external: heapGrowth(series.map((s) => s.external / MB)),
      rss: rssGrowth(r.rss.get(i.name) ?? []),
    };
  });
  const [one, many] = r.throughput;
  const scaling = scaleOut(one, many);
  const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "—");

  const checks: Check[] = [
    {
      name: "every subscription equals Microsoft's (status, plan, seats, term)",
      ok: drifted.count === 0,
      detail: `${truth.length} subscriptions, drift ${drifted.count}${drifted.samples.length ? `: ${drifted.samples.join("; ")}` : ""}`,
    },
    {
      name: "every delivery Applied/Ignored/Refused with a reason (none lost)",
      ok: box.lost === 0 && delivered.size > 0,
      detail: `${delivered.size} operations delivered: ${Object.entries(box.byStatus)
        .map(([s, n]) => `${s} ${n}`)
        .join(
          ", ",
        )}; Pending closed by reconciliation (subscription equal to Microsoft's) ${box.pendingInSync}; lost ${box.lost} (missing ${box.missing})${box.samples.length ? ` e.g. ${JSON.stringify(box.samples)}` : ""}`,
    },
    {
      name: "no operation applied twice",
      ok: lines.twice === 0,
      detail: `${lines.twice} operations with more than one "applied" across instances`,
    },
    {
      name: "Activate called exactly once per purchase",
      ok: notOnce.length === 0 && r.buyers.activated.length > 0,
      detail: `${r.buyers.activated.length} confirmed on the landing page, ${r.buyers.failed.length} failed${r.buyers.failed.length ? ` (${r.buyers.failed[0]!.reason})` : ""}; not exactly once: ${notOnce.length}`,
    },
    {
      name: "operators' seat changes on the admin page ended at Microsoft",
      ok: (r.buyers.operator.succeeded ?? 0) === r.buyers.activated.length && r.buyers.activated.length > 0,
      detail: Object.entries(r.buyers.operator)
        .map(([ended, n]) => `${ended} ${n}`)
        .join(", "),
    },
    {
      name: "each scheduled job once per period across instances",
      ok: cron.length > 0 && cron.every((c) => c.twice === 0),
      detail: cron.map((c) => `${c.task} ${c.ticks} ticks, twice ${c.twice}, missed ${c.gaps}`).join("; "),
    },
    {
      name: "outbound events delivered at least once, in order per subscription",
      ok: out.lost === 0 && out.outOfOrder === 0 && out.events > 0,
      detail: `${out.events} events, lost ${out.lost}, out of order ${out.outOfOrder}, received twice ${out.twice}`,
    },
    {
      name: "no error-level log line without a cause",
      ok: lines.uncaused.length === 0,
      detail: `${lines.errors} error lines, ${lines.unhandled} unhandled rejections printed by Next.js, ${lines.uncaused.length} without err/cause${lines.uncaused.length ? `: ${lines.uncaused.slice(0, 3).join("; ")}` : ""}`,
    },
    {
      name: "the instance killed and PostgreSQL restarted, both back",
      ok: r.soak.disruptions.length === 2 && r.soak.disruptions.every((d) => !d.error),
      detail: r.soak.disruptions.map((d) => `${d.name}: ${d.error ?? `done in ${f(d.tookMs / 1000, 1)} s`}`).join("; "),
    },
    {
      name: "each instance's heap after GC flat (last third ≤ 1.1 × first + 5 MB)",
      ok: memory.some((m) => m.heap.judged) && memory.every((m) => m.heap.ok),
      detail: `medians of heap used after a full GC, soak and settling, warm-up dropped: ${memory
        .map(
          (m) =>
            `${m.name} ${f(m.heap.first, 1)}→${f(m.heap.last, 1)} MB (${m.heap.samples} samples${m.heap.judged ? "" : ", too few: not judged"}; external ${f(m.external.first)}→${f(m.external.last)} MB; RSS ${f(m.rss.first)}→${f(m.rss.last)} MB)`,
        )
        .join(", ")}`,
    },
    {
      name: `${many.instances} instances ≥ 0.9× the throughput of one`,
      ok: scaling.ok,
      detail: `${f(one.appliedPerSecond, 1)} → ${f(many.appliedPerSecond, 1)} deliveries/s applied: ${f(scaling.ratio, 2)}×${scaling.enforced ? "" : ` (not enforced: ${Math.min(one.deliveries, many.deliveries)} deliveries per phase, under ${SCALE_OUT_MIN_DELIVERIES}, too short to be stable on a shared machine)`}`,
    },
  ];

  console.log(`\nCluster soak: ${r.label}; ${os.cpus().length} CPUs, Node ${process.version}\n`);
  console.log("check                                                                  result  detail");
  for (const c of checks) console.log(`${c.name.padEnd(70)} ${c.ok ? "  ✓   " : "  ✗   "}  ${c.detail}`);
  console.log(
    `\nthroughput (${one.deliveries} Subscribe deliveries through the balancer, 16 connections, until applied):`,
  );
  for (const t of [one, many])
    console.log(
      `  ${String(t.instances).padStart(2)} instance(s): ${f(t.appliedPerSecond, 1)} deliveries/s applied, ${f(t.ackPerSecond, 1)}/s acknowledged, ack p99 ${f(t.ackP99, 1)} ms, CPU ${f(t.cpuMsPerDelivery, 2)} ms per delivery (instances + PostgreSQL)`,
    );
  console.log(`  ratio ${many.instances} / 1: ${f(many.appliedPerSecond / one.appliedPerSecond, 2)}×`);
  console.log(
    `\nsoak: ${r.soak.caused} deliveries caused in ${f(r.soak.seconds)} s (${Object.entries(r.soak.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")})`,
  );
  console.log(
    `  faults: ${Object.entries(r.soak.faults)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}`,
  );
  console.log(
    `  Microsoft's webhook log: ${JSON.stringify(r.webhookLog.byState())}; ack p99 ${f(r.webhookLog.ackP99(), 1)} ms`,
  );
  console.log(`  disruptions: ${r.soak.disruptions.map((d) => `${d.name} at ${f(d.atSecond)} s`).join("; ")}`);
  console.log(
    `  balancer: ${[...r.balancer.counts.entries()].map(([b, n]) => `${b} ${n}`).join(", ")}; 502 ${r.balancer.failed}`,
  );
  console.log(`  settled in ${f(r.settled.seconds)} s (final reconciliation ${r.settled.reconciliation ?? "none"})`);
  console.log(
    `\nlost ${box.lost}, double-applied ${lines.twice}, drift after the final reconciliation ${drifted.count}`,
  );
  const ok = checks.every((c) => c.ok);
  console.log(ok ? "\nVERDICT: PASS" : `\nVERDICT: FAIL (${checks.filter((c) => !c.ok).length} check(s))`);
  return ok;
}
