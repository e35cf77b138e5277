/**
 * Webhook benchmark: `npx tsx bench/webhook.ts [--postgres] [--deliveries 2000] [--rate 200] [--connections 32] [--rounds 3]`
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
 * Deliveries are real: each is the exact payload Microsoft (the simulator) would have sent for a real
 * auto-activation purchase (a Subscribe operation), so the portal verifies the token, records it, asks
 * Get Operation and Get Subscription, creates the subscription and audits it. The simulator's own
 * deliveries are dropped (fault injection) so that each operation arrives once, from the benchmark.
 * Tokens are real webhook tokens minted by the simulator's Entra (POST /_sim/tokens/mint).
 *
 * `--statements` (with --postgres) also prints the statements PostgreSQL spent most time on, planning
 * and execution apart (pg_stat_statements, loaded into the throwaway server for the run).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { startPostgresServer } from "../scripts/test/postgres-server";

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

// Own ports, away from `npm start` (3000/4010/4011/5433) and the end-to-end tests (3210/4210/4211/5510).
const PORT = 3310;
const SIM_HTTPS = 4310;
const SIM_HTTP = 4311;
const PGLITE_PORT = 5610;

type Delivery = { operationId: string; body: string };
type Shot = { status: number; latencyMs: number; startedAt: number; endedAt: number };
type RunStats = {
  name: string;
  sent: number;
  ok: number;
  statuses: Record<number, number>;
  throughput: number;
  p50: number;
  p99: number;
  latencies: number[];
  cpuMs?: Record<"portal" | "simulator" | "database", number>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// CPU time per process (Linux /proc; elsewhere the column stays empty): where a delivery's cost goes.
type Roles = { portal: number[]; simulator: number[]; database: number[]; postmaster?: number };
const TICK = 100; // USER_HZ on Linux
/** `cpu`: the process's own CPU seconds; `reaped`: its exited children's (PostgreSQL's finished backends). */
function procs(): { pid: number; ppid: number; cmd: string; cpu: number; reaped: number }[] {
  if (!fs.existsSync("/proc/self/stat")) return [];
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const cmd = fs.readFileSync(`/proc/${d}/cmdline`, "utf8").replaceAll("\0", " ");
        return [
          {
            pid: Number(d),
            ppid: Number(f[1]),
            cmd,
            cpu: (Number(f[11]) + Number(f[12])) / TICK,
            reaped: (Number(f[13]) + Number(f[14])) / TICK,
          },
        ];
      } catch {
        return [];
      }
    });
}
/** The portal (Next.js), the simulator and the database among the launcher's descendants (and the PostgreSQL server on `dbPort`). */
function roles(launcher: number, dbPort: string | undefined): Roles {
  const all = procs();
  const tree = new Set([launcher]);
  for (let size = 0; size !== tree.size;) {
    size = tree.size;
    for (const p of all) if (tree.has(p.ppid)) tree.add(p.pid);
  }
  const postmaster = dbPort ? all.find((p) => / -D /.test(p.cmd) && p.cmd.includes(`-p ${dbPort}`))?.pid : undefined;
  const inTree = all.filter((p) => tree.has(p.pid));
  return {
    portal: inTree.filter((p) => p.cmd.startsWith("next-server") || p.cmd.includes("next start")).map((p) => p.pid),
    simulator: inTree.filter((p) => p.cmd.includes("simulator/main.ts")).map((p) => p.pid),
    // PGlite runs inside the launcher (scripts/start.ts); a PostgreSQL server is its postmaster and backends.
    database: postmaster ? [postmaster] : inTree.filter((p) => p.cmd.includes("scripts/start.ts")).map((p) => p.pid),
    postmaster,
  };
}
/** CPU seconds of the processes; with a postmaster, also every backend it started, live or finished. */
const cpuOf = (pids: number[], postmaster?: number) =>
  procs()
    .filter((p) => pids.includes(p.pid) || (postmaster !== undefined && p.ppid === postmaster))
    .reduce((sum, p) => sum + p.cpu + (p.pid === postmaster ? p.reaped : 0), 0);

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The statements that took most of the database's time, per call (ms). */
async function topStatements(db: pg.Client): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query(
    `SELECT calls, round((total_plan_time / calls)::numeric, 3) AS "plan ms", round((total_exec_time / calls)::numeric, 3) AS "exec ms", round(max_exec_time::numeric, 1) AS "slowest ms",
       left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS statement
     FROM pg_stat_statements WHERE calls > 10 ORDER BY total_plan_time + total_exec_time DESC LIMIT 8`,
  );
  return rows;
}

type Started = {
  portal: string;
  simulator: string;
  db: string;
  dbLabel: string;
  roles: () => Roles;
  stop: () => Promise<void>;
};

async function startPortal(): Promise<Started> {
  fs.mkdirSync("test-results", { recursive: true });
  const log = fs.openSync("test-results/bench-portal.log", "w");
  let server: Awaited<ReturnType<typeof startPostgresServer>> | undefined;
  if (args.postgres) {
    server = await startPostgresServer(
      args.statements
        ? { settings: { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track_planning": "on" } }
        : {},
    );
    if (!("url" in server)) throw new Error(`--postgres: ${server.unavailable}`);
    if (args.statements) await withClient(server.url, (c) => c.query("CREATE EXTENSION pg_stat_statements"));
  }
  const databaseUrl = server && "url" in server ? server.url : undefined;
  const env = {
    ...process.env,
    // A PostgreSQL server (--postgres), or the embedded database with one connection: its socket server
    // (pglite-socket 0.2.17) mixes up concurrent connections' statements inside transactions.
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DB_POOL_MAX: "1" }),
    PORT: String(PORT),
    PORTAL_URL: `http://localhost:${PORT}`,
    PGLITE_DIR: "memory://",
    PGLITE_PORT: String(PGLITE_PORT),
    ENTRA_AUTHORITY_HOST: `https://localhost:${SIM_HTTPS}`,
    MARKETPLACE_API_URL: `https://localhost:${SIM_HTTPS}/api`,
    SIMULATOR_PAGES_URL: `http://localhost:${SIM_HTTP}`,
    // Production's logging (JSON at info), not the readable local default.
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    NEXT_TELEMETRY_DISABLED: "1",
    SIM_STATE_FILE: "memory",
    // No scheduled reconciliation: its first run comes at a random minute, which would land in one run
    // or another and add its own work to that run's figures.
    RECONCILE_INTERVAL_MINUTES: "0",
    SIM_LOG: "silent",
  };
  const child: ChildProcess = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], {
    env,
    stdio: ["ignore", log, log],
    detached: true,
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", kill);
  const stop = async () => {
    kill();
    await Promise.race([exited, sleep(15_000)]);
    if (server && "url" in server) server.stop();
  };
  const portal = `http://localhost:${PORT}`;
  const deadline = Date.now() + 300_000;
  process.stdout.write("Starting the portal (npm start: simulator, embedded database, build if needed)…");
  for (;;) {
    if (child.exitCode !== null)
      throw new Error("The portal stopped during start-up: see test-results/bench-portal.log");
    if (Date.now() > deadline)
      throw new Error("The portal was not ready within 5 minutes: see test-results/bench-portal.log");
    try {
      if ((await fetch(`${portal}/api/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  console.log(" ready.");
  return {
    portal,
    simulator: `http://localhost:${SIM_HTTP}`,
    db: databaseUrl ?? `postgresql://postgres:postgres@127.0.0.1:${PGLITE_PORT}/postgres`,
    dbLabel: databaseUrl ? "PostgreSQL server" : "embedded PGlite, 1 connection",
    roles: () => roles(child.pid!, databaseUrl ? new URL(databaseUrl).port : undefined),
    stop,
  };
}

async function control<T>(simulator: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${simulator}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** `count` real Subscribe operations (auto-activation purchases) and the payloads Microsoft would send. */
async function prepareDeliveries(simulator: string, count: number): Promise<Delivery[]> {
  for (let left = count; left > 0; left -= 1000)
    await control(simulator, "POST", "/faults/webhooks", { kind: "drop", count: Math.min(left, 1000) });
  const deliveries: Delivery[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const { subscriptionId } = await control<{ subscriptionId: string }>(simulator, "POST", "/purchases", {
        personaId: "alice",
        offerId: "fabrikam-cloud",
        planId: "auto",
      });
      const { deliveries: log } = await control<{
        deliveries: { operationId: string; payload: unknown; state: string }[];
      }>(simulator, "GET", `/webhooks?subscriptionId=${subscriptionId}`);
      const dropped = log.find((d) => d.state === "dropped");
      if (!dropped) throw new Error(`the simulator's Subscribe webhook for ${subscriptionId} was not dropped`);
      deliveries.push({ operationId: dropped.operationId, body: JSON.stringify(dropped.payload) });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return deliveries;
}

function send(agent: http.Agent, url: URL, body: string, authorization: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

/** Sends every body once: at `rate` per second (latency from the scheduled time), or as fast as `connections` allow. */
async function run(
  name: string,
  url: URL,
  bodies: string[],
  tokens: string[],
  mode: { rate: number } | { connections: number },
): Promise<RunStats> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: "rate" in mode ? 256 : mode.connections });
  const shots: Shot[] = [];
  const shoot = async (i: number, scheduledAt: number) => {
    const status = await send(agent, url, bodies[i]!, tokens[i % tokens.length]!);
    const endedAt = performance.now();
    shots.push({ status, latencyMs: endedAt - scheduledAt, startedAt: scheduledAt, endedAt });
  };
  if ("rate" in mode) {
    const interval = 1000 / mode.rate;
    const t0 = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < bodies.length; i++) {
      const due = t0 + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      inFlight.push(shoot(i, due));
    }
    await Promise.all(inFlight);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: mode.connections }, async () => {
        while (next < bodies.length) {
          const i = next++;
          await shoot(i, performance.now());
        }
      }),
    );
  }
  agent.destroy();
  const latencies = shots.map((s) => s.latencyMs).sort((a, b) => a - b);
  const pct = (p: number) => percentile(latencies, p);
  const elapsed = (Math.max(...shots.map((s) => s.endedAt)) - Math.min(...shots.map((s) => s.startedAt))) / 1000;
  const statuses: Record<number, number> = {};
  for (const s of shots) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return {
    name,
    sent: shots.length,
    ok: statuses[200] ?? 0,
    statuses,
    throughput: shots.length / elapsed,
    p50: pct(50),
    p99: pct(99),
    latencies,
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Rounds of the same run as one: the median round's throughput (a noisy moment moves one round, not the figure), latencies pooled. */
function combine(name: string, rounds: RunStats[]): RunStats {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const statuses: Record<number, number> = {};
  for (const r of rounds)
    for (const [s, n] of Object.entries(r.statuses)) statuses[Number(s)] = (statuses[Number(s)] ?? 0) + n;
  const sent = rounds.reduce((a, r) => a + r.sent, 0);
  const cpu = rounds.every((r) => r.cpuMs)
    ? (Object.fromEntries(
        (["portal", "simulator", "database"] as const).map((k) => [
          k,
          rounds.reduce((a, r) => a + r.cpuMs![k] * r.sent, 0) / sent,
        ]),
      ) as RunStats["cpuMs"])
    : undefined;
  return {
    name,
    sent,
    ok: statuses[200] ?? 0,
    statuses,
    throughput: median(rounds.map((r) => r.throughput)),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    latencies,
    cpuMs: cpu,
  };
}

async function main() {
  const started = args.portal ? undefined : await startPortal();
  const portal = args.portal ?? started!.portal;
  const simulator = args.simulator ?? started?.simulator ?? "http://localhost:4011";
  const dbUrl = args.db ?? started?.db ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres";
  try {
    const total = WARMUP + 2 * N + N_LOW;
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
    const slices = [WARMUP, N, N, N_LOW].reduce<Delivery[][]>(
      (acc, size) => [...acc, deliveries.slice(acc.flat().length, acc.flat().length + size)],
      [],
    );
    const [warm, atRate, atFull, atLow] = slices.map((list) => list.map((d) => d.body)) as [
      string[],
      string[],
      string[],
      string[],
    ];

    // Warm-up (JIT, connection pools, the token cache, the signing keys): not measured.
    await run("warm-up", noop, warm, tokens, { connections: 8 });
    await run("warm-up", webhook, warm, tokens, { connections: 8 });

    /** One run, after a pause for the previous one's leftovers (GC, the database's background work), with the CPU each process spent. */
    const measured = async (...params: Parameters<typeof run>): Promise<RunStats> => {
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
    // Full speed in alternating rounds (bare, webhook, bare, …): this machine's background noise then
    // falls on both sides of the ratio alike.
    const bareRounds: RunStats[] = [];
    const hookRounds: RunStats[] = [];
    const size = Math.ceil(atFull.length / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      const slice = atFull.slice(r * size, (r + 1) * size);
      bareRounds.push(await measured("bare", noop, slice, tokens, { connections: CONNECTIONS }));
      hookRounds.push(await measured("webhook", webhook, slice, tokens, { connections: CONNECTIONS }));
    }
    const results = [
      bareAtRate,
      hookAtRate,
      combine(`bare route, full speed (${CONNECTIONS} conn.)`, bareRounds),
      combine(`webhook, full speed (${CONNECTIONS} conn.)`, hookRounds),
      await measured(`webhook, ${LOW_RATE}/s`, webhook, atLow, tokens, { rate: LOW_RATE }),
    ];

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
    if (statements.length) {
      console.log(
        "\nPostgreSQL's time per statement (pg_stat_statements; planning is skipped once a prepared statement has a generic plan):",
      );
      console.table(statements);
    }
    console.log("\ntargets:");
    console.log(
      `  ${ratio >= 0.4 ? "✓" : "✗"} throughput with full verification ≥ 40 % of the bare route (${f(ratio * 100)} %)`,
    );
    console.log(`  ${hookRate.p99 < 100 ? "✓" : "✗"} p99 < 100 ms at ${RATE} deliveries/s (${f(hookRate.p99, 2)} ms)`);
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
