/**
 * Webhook benchmark: `npx tsx bench/webhook.ts [--postgres] [--deliveries 2000] [--rate 200] [--connections 32] [--rounds 3] [--tracing]`
 *
 * Starts the portal exactly as a user does (`npm start`: the simulator and the embedded database beside
 * it) on its own ports, or uses a running one (`--portal http://localhost:3000 --simulator
 * http://localhost:4011 --db postgresql://…`). Then, in one run, against the webhook and against a bare
 * route that only answers 200 (/api/bench/noop, local mode only, same server and proxy):
 *   - N deliveries at a fixed rate (latency measured from each request's scheduled time, so a slow server
 *     cannot hide its queueing: no coordinated omission),
 *   - N deliveries at full speed over a fixed number of connections, in alternating rounds with the
 *     bare route (the median round counts),
 *   - and a smaller webhook run at a rate below its capacity (--low-rate, default 40/s),
 * and prints throughput, p50/p99 latency, the ratio, whether every delivery is in the inbox, and (on
 * Linux, when it started the portal) the CPU time the portal, the simulator and the database spent per request.
 *
 * The webhook answers once a delivery is stored; the portal's workers apply it afterwards. The answer's
 * figures are the runs' own; each webhook run's deliveries are then waited for, and the time from receipt to
 * applied (p50/p99) and the rate at which the workers got through a full-speed burst are printed beside them.
 * Every run starts with an empty queue, so that no run pays for the previous one's work.
 *
 * Deliveries are real: each is the exact payload Microsoft (the simulator) would have sent for a real
 * auto-activation purchase (a Subscribe operation), so the portal verifies the token, records it, asks
 * Get Operation and Get Subscription, creates the subscription and audits it. The simulator's own
 * deliveries are dropped (fault injection) so that each operation arrives once, from the benchmark.
 * Tokens are real webhook tokens minted by the simulator's Entra (POST /_sim/tokens/mint).
 *
 * `--event-cost` also runs full-speed webhook rounds with the event feed's inserts skipped (a BEFORE INSERT
 * trigger on "Event" that drops the row, enabled for those rounds only), alternating with the normal ones:
 * what writing one event per change costs the webhook's throughput.
 *
 * `--tracing` instead compares the webhook with OpenTelemetry tracing off and on: two portals side by side,
 * the second exporting every span over OTLP/HTTP to a receiver in this process, full-speed rounds
 * alternating between them, and prints the throughput ratio (bench/lib/tracing-compare.ts).
 *
 * `--statements` (with --postgres) also prints the statements PostgreSQL spent most time on, planning
 * and execution apart (pg_stat_statements, loaded into the throwaway server for the run).
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { combine, median, run, type Delivery, type RunStats } from "./lib/load";
import { cpuOf } from "./lib/process-cpu";
import { applyTimes, waitForDrain, type ApplyTimes } from "./lib/queue-drain";
import { compareTracing } from "./lib/tracing-compare";
import { control, prepareDeliveries, startPortal, topStatements, withClient } from "./lib/webhook-setup";

const { values: args } = parseArgs({
  options: {
    deliveries: { type: "string", default: "2000" },
    rate: { type: "string", default: "200" },
    "low-rate": { type: "string", default: "40" },
    connections: { type: "string", default: "32" },
    warmup: { type: "string", default: "300" },
    rounds: { type: "string", default: "3" },
    postgres: { type: "boolean", default: false },
    statements: { type: "boolean", default: false },
    "event-cost": { type: "boolean", default: false },
    tracing: { type: "boolean", default: false },
    portal: { type: "string" },
    simulator: { type: "string" },
    db: { type: "string" },
  },
});
const N = Number(args.deliveries);
const RATE = Number(args.rate);
const LOW_RATE = Number(args["low-rate"]);
const N_LOW = Math.min(N, LOW_RATE * 15);
const CONNECTIONS = Number(args.connections);
const WARMUP = Number(args.warmup);
const ROUNDS = Math.max(1, Number(args.rounds));
const EVENT_COST = args["event-cost"];

/** Drops every Event row before it is written while enabled: the webhook's work without the event feed. */
const SKIP_EVENTS_SQL = `CREATE OR REPLACE FUNCTION bench_skip_event() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql;
  DROP TRIGGER IF EXISTS bench_skip_event ON "Event";
  CREATE TRIGGER bench_skip_event BEFORE INSERT ON "Event" FOR EACH ROW EXECUTE FUNCTION bench_skip_event();
  ALTER TABLE "Event" DISABLE TRIGGER bench_skip_event;`;

// Own ports, away from `npm start` (3000/4010/4011/5433), the end-to-end tests (3210/4210/4211/5510),
// bench/cluster.ts (3310-3339, 4310-4319) and the tracing comparison (3330/3340, bench/lib/tracing-compare.ts).
const PORT = 3360;
const SIM_HTTPS = 4360;
const SIM_HTTP = 4361;
const PGLITE_PORT = 5610;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  if (args.tracing)
    return compareTracing({
      deliveries: N,
      warmup: WARMUP,
      connections: CONNECTIONS,
      rounds: ROUNDS,
      postgres: args.postgres,
    });
  const started = args.portal
    ? undefined
    : await startPortal({
        postgres: args.postgres,
        statements: args.statements,
        ports: { portal: PORT, simHttps: SIM_HTTPS, simHttp: SIM_HTTP, pglite: PGLITE_PORT },
      });
  const portal = args.portal ?? started!.portal;
  const simulator = args.simulator ?? started?.simulator ?? "http://localhost:4011";
  const dbUrl = args.db ?? started?.db ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres";
  try {
    const total = WARMUP + (EVENT_COST ? 3 : 2) * N + N_LOW;
    process.stdout.write(`Preparing ${total} real Subscribe operations in the simulator…`);
    const t = performance.now();
    const deliveries = await prepareDeliveries(simulator, total);
    const tokens = await Promise.all(
      Array.from(
        { length: 64 },
        async () =>
          `Bearer ${(await control<{ token: string }>(simulator, "POST", "/tokens/mint", { preset: "webhook" })).token}`,
      ),
    );
    console.log(` done in ${((performance.now() - t) / 1000).toFixed(1)} s.`);

    const webhook = new URL("/api/webhooks/marketplace", portal);
    const noop = new URL("/api/bench/noop", portal);
    const slices = [WARMUP, N, N, N_LOW, EVENT_COST ? N : 0].reduce<Delivery[][]>(
      (acc, size) => [...acc, deliveries.slice(acc.flat().length, acc.flat().length + size)],
      [],
    );
    const idsOf = (list: Delivery[]) => list.map((d) => d.operationId);
    const [warm, atRate, atFull, atLow, withoutEvents] = slices.map((list) => list.map((d) => d.body)) as [
      string[],
      string[],
      string[],
      string[],
      string[],
    ];
    const skipEvents = (on: boolean) =>
      withClient(dbUrl, (db) =>
        db.query(on ? SKIP_EVENTS_SQL.replace("DISABLE TRIGGER", "ENABLE TRIGGER") : SKIP_EVENTS_SQL),
      );
    if (EVENT_COST) await skipEvents(false);

    // Warm-up (JIT, connection pools, the token cache, the signing keys): not measured.
    await run("warm-up", noop, warm, tokens, { connections: 8 });
    await run("warm-up", webhook, warm, tokens, { connections: 8 });

    /** One run, after a pause for the previous one's leftovers (GC, the database's background work), with the CPU each process spent. */
    const measured = async (...params: Parameters<typeof run>): Promise<RunStats> => {
      // The previous run's deliveries are applied first: their work must not fall on this run.
      await waitForDrain(dbUrl);
      await sleep(3_000);
      const who = started?.roles();
      const cpu = (role: "portal" | "simulator" | "database") =>
        cpuOf(who![role], role === "database" ? who!.postmaster : undefined);
      const before = who && { portal: cpu("portal"), simulator: cpu("simulator"), database: cpu("database") };
      const stats = await run(...params);
      if (who && before) {
        const per = (role: "portal" | "simulator" | "database") => ((cpu(role) - before[role]) * 1000) / stats.sent;
        stats.cpuMs = { portal: per("portal"), simulator: per("simulator"), database: per("database") };
      }
      return stats;
    };
    const bareAtRate = await measured(`bare route, ${RATE}/s`, noop, atRate, tokens, { rate: RATE });
    const hookAtRate = await measured(`webhook, ${RATE}/s`, webhook, atRate, tokens, { rate: RATE });
    await waitForDrain(dbUrl);
    const appliedAtRate = await applyTimes(dbUrl, idsOf(slices[1]!));
    // Full speed in alternating rounds (bare, webhook, bare, …): this machine's background noise then
    // falls on both sides of the ratio alike.
    const bareRounds: RunStats[] = [];
    const hookRounds: RunStats[] = [];
    const noEventRounds: RunStats[] = [];
    const drainRounds: ApplyTimes[] = [];
    const size = Math.ceil(atFull.length / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      const slice = atFull.slice(r * size, (r + 1) * size);
      bareRounds.push(await measured("bare", noop, slice, tokens, { connections: CONNECTIONS }));
      hookRounds.push(await measured("webhook", webhook, slice, tokens, { connections: CONNECTIONS }));
      // A burst leaves a backlog: how fast the workers get through it (first receipt to last applied).
      await waitForDrain(dbUrl);
      drainRounds.push(await applyTimes(dbUrl, idsOf(slices[2]!.slice(r * size, (r + 1) * size))));
      if (!EVENT_COST) continue;
      await skipEvents(true);
      const other = withoutEvents.slice(r * size, (r + 1) * size);
      noEventRounds.push(await measured("no events", webhook, other, tokens, { connections: CONNECTIONS }));
      await skipEvents(false);
    }
    const results = [
      bareAtRate,
      hookAtRate,
      combine(`bare route, full speed (${CONNECTIONS} conn.)`, bareRounds),
      combine(`webhook, full speed (${CONNECTIONS} conn.)`, hookRounds),
      await measured(`webhook, ${LOW_RATE}/s`, webhook, atLow, tokens, { rate: LOW_RATE }),
      ...(EVENT_COST ? [combine(`webhook without event rows (${CONNECTIONS} conn.)`, noEventRounds)] : []),
    ];

    await waitForDrain(dbUrl);
    const appliedAtLow = await applyTimes(dbUrl, idsOf(slices[3]!));
    const ids = deliveries.map((d) => d.operationId);
    const { rows, created, statements } = await withClient(dbUrl, async (db) => ({
      rows: (
        await db.query<{ status: string; n: string }>(
          `SELECT status::text, count(*) AS n FROM "WebhookDelivery" WHERE "operationId" = ANY($1) GROUP BY status`,
          [ids],
        )
      ).rows,
      created: Number(
        (
          await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Subscription" WHERE id = ANY($1)`, [
            deliveries.map((d) => JSON.parse(d.body).subscriptionId as string),
          ])
        ).rows[0]?.n,
      ),
      statements: args.statements ? await topStatements(db) : [],
    }));
    const inbox = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const recorded = Object.values(inbox).reduce((a, b) => a + b, 0);

    const f = (n: number, digits = 1) => n.toFixed(digits);
    console.log(
      `\nWebhook benchmark: ${N} deliveries per run, ${os.cpus().length} CPUs, Node ${process.version}, portal ${portal} (npm start; ${started?.dbLabel ?? "database as configured"}; simulator as Microsoft)\n`,
    );
    console.log(
      `${"run".padEnd(40)} ${"sent".padStart(6)} ${"200".padStart(6)} ${"req/s".padStart(9)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)}  ${"CPU ms per request: portal/simulator/db".padEnd(40)} other statuses`,
    );
    for (const r of results) {
      const other =
        Object.entries(r.statuses)
          .filter(([s]) => s !== "200")
          .map(([s, n]) => `${s}×${n}`)
          .join(" ") || "—";
      const cpu = r.cpuMs ? `${f(r.cpuMs.portal, 2)} / ${f(r.cpuMs.simulator, 2)} / ${f(r.cpuMs.database, 2)}` : "";
      console.log(
        `${r.name.padEnd(40)} ${String(r.sent).padStart(6)} ${String(r.ok).padStart(6)} ${f(r.throughput).padStart(9)} ${f(r.p50, 2).padStart(8)} ${f(r.p99, 2).padStart(8)}  ${cpu.padEnd(40)} ${other}`,
      );
    }
    const [bareRate, hookRate, bareFull, hookFull, hookLow] = results as [
      RunStats,
      RunStats,
      RunStats,
      RunStats,
      RunStats,
    ];
    const ratio = hookFull.throughput / bareFull.throughput;
    const lost = deliveries.length - (inbox.Applied ?? 0);
    console.log(
      `\nfull speed, ${ROUNDS} alternating rounds (req/s): bare ${bareRounds.map((r) => f(r.throughput, 0)).join(", ")}; webhook ${hookRounds.map((r) => f(r.throughput, 0)).join(", ")} (the table shows the medians)`,
    );
    console.log(
      `throughput ratio webhook / bare route at full speed: ${f(ratio * 100)} %   (at ${RATE}/s: ${f((hookRate.throughput / bareRate.throughput) * 100)} %)`,
    );
    console.log(
      `inbox: ${recorded} of ${deliveries.length} deliveries recorded (${Object.entries(inbox)
        .map(([s, n]) => `${s} ${n}`)
        .join(", ")}); ${created} subscriptions created; ${lost} lost`,
    );
    const applied = (name: string, t: ApplyTimes) =>
      console.log(
        `receipt → applied, ${name.padEnd(24)} p50 ${f(t.p50, 0)} ms, p99 ${f(t.p99, 0)} ms, max ${f(t.max, 0)} ms (${t.count} applied; ${f(t.drainPerSecond, 0)}/s from first receipt to last applied; backlog at the last receipt ${t.backlog}, drained at ${f(t.backlogPerSecond, 0)}/s)`,
      );
    applied(`webhook, ${RATE}/s`, appliedAtRate);
    for (const [i, t] of drainRounds.entries()) applied(`full-speed round ${i + 1}`, t);
    applied(`webhook, ${LOW_RATE}/s`, appliedAtLow);
    const drainRate = median(drainRounds.map((t) => t.backlogPerSecond));
    const throughRate = median(drainRounds.map((t) => t.drainPerSecond));
    if (EVENT_COST) {
      const without = results[5]!;
      console.log(
        `event feed's cost: webhook ${f(hookFull.throughput, 0)} req/s with event rows, ${f(without.throughput, 0)} without (rounds: ${noEventRounds.map((r) => f(r.throughput, 0)).join(", ")}): ${f((1 - hookFull.throughput / without.throughput) * 100)} % of throughput; portal CPU ${f(hookFull.cpuMs?.portal ?? 0, 2)} vs ${f(without.cpuMs?.portal ?? 0, 2)} ms, database ${f(hookFull.cpuMs?.database ?? 0, 2)} vs ${f(without.cpuMs?.database ?? 0, 2)} ms per delivery`,
      );
    }
    if (statements.length) {
      console.log(
        "\nPostgreSQL's time per statement (pg_stat_statements; planning is skipped once a prepared statement has a generic plan):",
      );
      console.table(statements);
    }
    console.log("\ntargets:");
    console.log(
      `  ${ratio >= 0.6 ? "✓" : "✗"} throughput of the answer ≥ 60 % of the bare route (${f(ratio * 100)} %)`,
    );
    console.log(
      `  ${hookRate.p99 < 100 ? "✓" : "✗"} answer p99 < 100 ms at ${RATE} deliveries/s (${f(hookRate.p99, 2)} ms)`,
    );
    console.log(
      `  backlog drained at ${f(drainRate, 0)} deliveries/s after each burst (median of the full-speed rounds; ${f(throughRate, 0)}/s from first receipt to last applied; compare with the synchronous webhook's full-speed throughput)`,
    );
    console.log(`  ${lost === 0 ? "✓" : "✗"} zero lost: every delivery applied and in the inbox (${lost} missing)`);
    console.log(`  (below capacity, at ${LOW_RATE}/s: p99 ${f(hookLow.p99, 2)} ms)`);
  } finally {
    await started?.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
