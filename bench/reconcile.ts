/**
 * Reconciliation at scale: 100 000 subscriptions at "Microsoft" (the simulator, 1 000 List pages of 100),
 * reconciled into an empty portal database by the portal's real code and real client. Prints the time,
 * pages/s, subscriptions/s and peak memory, then runs again on the now-full database (nothing to repair).
 *
 *   npx tsx bench/reconcile.ts [--count 100000] [--no-second-run]
 *
 * Three processes, so that each one's memory is its own: the simulator (its own ports, state in memory,
 * seeded through POST /_sim/subscriptions/bulk), this process (the embedded database, PGlite, served on a
 * loopback port and migrated like the portal's), and the reconciling process (bench/lib/reconcile-worker.ts:
 * `reconcile()` with getMarketplaceClient(), MSAL over HTTPS; NODE_EXTRA_CA_CERTS must be set when Node
 * starts, hence a child process). Targets (issue 6): ≤ 60 s and RSS ≤ 400 MB for the reconciling process.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { deployMigrations } from "../scripts/db/commands";
import { startEmbeddedDb } from "../scripts/embedded-db";
import { startSimulatorProcess } from "../test/simulator";
import type { WorkerReport } from "./lib/reconcile-worker";

const { values } = parseArgs({
  options: { count: { type: "string", default: "100000" }, "no-second-run": { type: "boolean", default: false } },
});
const count = Number(values.count);
const TARGET_MS = 60_000;
const TARGET_RSS = 400 * 1024 * 1024;
const root = path.resolve(import.meta.dirname, "..");
const log = (line: string) => console.log(`▸ ${line}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Peak resident memory of a process so far (Linux: VmHWM), or undefined elsewhere. */
function peakRss(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function runWorker(env: NodeJS.ProcessEnv, labels: string[]): Promise<WorkerReport[]> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "bench/lib/reconcile-worker.ts"), ...labels],
    { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] },
  );
  const reports: WorkerReport[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (line.startsWith("REPORT ")) reports.push(JSON.parse(line.slice(7)) as WorkerReport);
      else if (line.trim()) console.log(`  worker: ${line}`);
    }
  });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0 ? resolve(reports) : reject(new Error(`the reconciling process exited with code ${code}`)),
    ),
  );
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "reconcile-bench-"));
log("starting the simulator (own ports, state in memory)");
const sim = await startSimulatorProcess({
  certDir: path.join(work, "certs"),
  env: { SIM_LOG: "silent" },
  readyTimeoutMs: 120_000,
});
// A folder, as the portal's embedded database is by default (PGlite's in-memory file system slows down and
// grows far beyond the data when hundreds of megabytes are written to it).
const db = await startEmbeddedDb({ dir: path.join(work, "pglite"), port: 0 });
try {
  const seeded = await sim.control<{ created: number; durationMs: number; byStatus: Record<string, number> }>(
    "POST",
    "/subscriptions/bulk",
    { count, seed: 2026 },
  );
  if (seeded.status !== 201) throw new Error(`bulk seeding failed: ${seeded.status} ${JSON.stringify(seeded.body)}`);
  log(
    `simulator holds ${seeded.body.created} subscriptions (seeded in ${(seeded.body.durationMs / 1000).toFixed(1)} s): ${JSON.stringify(seeded.body.byStatus)}`,
  );
  await deployMigrations(db.url);
  log(`empty portal database (embedded PGlite in ${db.dir}) on port ${db.port}, migrated`);
  await sim.control("DELETE", "/calls");

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: sim.certPath,
    PORTAL_MODE: "local",
    DATABASE_URL: db.url,
    ENTRA_AUTHORITY_HOST: sim.httpsUrl,
    MARKETPLACE_API_URL: sim.apiUrl,
    LOG_LEVEL: "warn",
    LOG_FORMAT: "json",
  };
  let dbPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (dbPeak = Math.max(dbPeak, process.memoryUsage().rss)), 50);
  const dbCpu = process.cpuUsage();
  const loadBefore = os.loadavg()[0] ?? 0;
  const labels = values["no-second-run"] ? ["from-empty"] : ["from-empty", "no-drift"];
  log(`reconciling in a separate process: ${labels.join(", then ")}`);
  const reports = await runWorker(env, labels);
  clearInterval(sampler);
  const dbCpuUsed = process.cpuUsage(dbCpu);
  const loadAfter = os.loadavg()[0] ?? 0;
  const calls = (await sim.control<{ total: Record<string, number> }>("GET", "/calls")).body.total;

  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const counted = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  const stored = await counted(`SELECT count(*) AS n FROM "Subscription"`);
  const audited = await counted(`SELECT count(*) AS n FROM "Event" WHERE action = 'reconcile.created'`);
  await client.end();

  console.log("");
  for (const r of reports) {
    const s = r.ms / 1000;
    console.log(
      `${r.label.padEnd(11)} ${r.status.padEnd(9)} ${s.toFixed(1).padStart(5)} s  ${(r.pages / s).toFixed(1).padStart(6)} pages/s  ${Math.round(
        r.checked / s,
      )
        .toString()
        .padStart(
          6,
        )} subscriptions/s  peak RSS ${mb(r.peakRssBytes)}  CPU ${(r.cpuMs / 1000).toFixed(1)} s  (pages ${r.pages}, checked ${r.checked}, created ${r.created}, repaired ${r.repaired})${r.errorMessage ? `  ${r.errorMessage}` : ""}`,
    );
  }
  console.log("");
  console.log(
    `database process (PGlite, this process): peak RSS ${mb(Math.max(dbPeak, peakRss(process.pid) ?? 0))}, CPU ${((dbCpuUsed.user + dbCpuUsed.system) / 1e6).toFixed(1)} s over all runs`,
  );
  // The machine's other work shares the cores: the load average says how much (2 cores here = 2.0 when busy).
  console.log(
    `machine: ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the runs`,
  );
  console.log(
    `portal database: ${stored} subscriptions, ${audited} reconcile.created audit entries; Microsoft saw ${calls.list} List calls, ${calls.get} Get calls, ${calls.token} token requests`,
  );
  const first = reports[0];
  if (!first) throw new Error("no report from the reconciling process");
  const timeOk = first.ms <= TARGET_MS;
  const rssOk = first.peakRssBytes <= TARGET_RSS;
  const complete = first.status === "Succeeded" && first.created === count && stored === count && audited === count;
  console.log(
    `targets (from empty): time ${(first.ms / 1000).toFixed(1)} s ≤ 60 s ${timeOk ? "MET" : "MISSED"}; RSS ${mb(first.peakRssBytes)} ≤ 400 MB ${rssOk ? "MET" : "MISSED"}; every subscription stored and audited: ${complete ? "yes" : "NO"}`,
  );
  process.exitCode = timeOk && rssOk && complete ? 0 : 1;
} finally {
  await sim.stop();
  await db.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
