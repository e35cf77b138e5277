/**
 * The cluster's parts, each a process of its own on loopback: one PostgreSQL server (restartable), optionally
 * PgBouncer in transaction mode in front of it, the Microsoft simulator, and N portal instances started as a
 * user starts one (`scripts/start.ts` with DATABASE_URL set and SIMULATOR=false: it migrates, builds when the
 * sources changed, then `next start` with this process's share of the job queue).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startPostgresServer, type PostgresServer } from "../../scripts/test/postgres-server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TSX = path.join("node_modules", "tsx", "dist", "cli.mjs");
export const LOG_DIR = path.join("test-results", "cluster");

export async function startDatabase(port: number): Promise<PostgresServer> {
  // Enough connections for N instances' pools, their job runners and the harness.
  const server = await startPostgresServer({ port, settings: { max_connections: "200" } });
  if (!("url" in server)) throw new Error(`PostgreSQL: ${server.unavailable}`);
  return server;
}

/** PgBouncer in transaction mode: a server connection per transaction, so session state (named prepared statements) does not survive. */
export function startPgBouncer(databaseUrl: string, port: number): { url: string; stop(): void } {
  const target = new URL(databaseUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pgbouncer-"));
  const ini = path.join(dir, "pgbouncer.ini");
  fs.writeFileSync(
    ini,
    [
      "[databases]",
      `postgres = host=127.0.0.1 port=${target.port} dbname=postgres user=postgres`,
      "[pgbouncer]",
      `listen_addr = 127.0.0.1`,
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      "pool_mode = transaction",
      "max_client_conn = 500",
      "default_pool_size = 40",
      // graphile-worker's LISTEN needs a session; it degrades to polling behind a transaction pooler.
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
    ].join("\n"),
  );
  fs.writeFileSync(path.join(dir, "users.txt"), '"postgres" ""\n');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["-R", "postgres", dir]);
  const [file, args] = asRoot
    ? ["runuser", ["-u", "postgres", "--", "/usr/sbin/pgbouncer", "-d", ini]]
    : ["/usr/sbin/pgbouncer", ["-d", ini]];
  execFileSync(file, args, { stdio: "pipe" });
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        const pid = Number(fs.readFileSync(path.join(dir, "pgbouncer.pid"), "utf8"));
        process.kill(pid, "SIGTERM");
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Simulator = { url: string; certificate: string; stop(): Promise<void> };

/** The simulator, delivering its webhooks to `portalUrl` (the load balancer), with Microsoft's waits compressed. */
export async function startSimulator(ports: { https: number; http: number }, portalUrl: string): Promise<Simulator> {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const log = fs.openSync(path.join(LOG_DIR, "simulator.log"), "w");
  const child = spawn(process.execPath, [TSX, "simulator/main.ts"], {
    env: {
      ...process.env,
      SIM_HTTPS_PORT: String(ports.https),
      SIM_HTTP_PORT: String(ports.http),
      SIM_PORTAL_URL: portalUrl,
      SIM_STATE_FILE: "memory",
      SIM_LOG: "info",
      SIM_OPERATION_DELAY_MS: "300",
      SIM_ACK_WINDOW_MS: "8000",
      SIM_WEBHOOK_TIMEOUT_MS: "5000",
      SIM_WEBHOOK_RETRY_BASE_MS: "500",
      SIM_WEBHOOK_RETRY_MAX_DELAY_MS: "5000",
    },
    stdio: ["ignore", log, log],
  });
  const url = `http://localhost:${ports.http}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the simulator exited: see ${LOG_DIR}/simulator.log`);
    try {
      if ((await fetch(`${url}/_sim/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  return {
    url,
    certificate: path.resolve(".data", "certs", "localhost.pem"),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
    },
  };
}

export type Instance = {
  name: string;
  port: number;
  url: string;
  logFile: string;
  /** Heap used after a forced full GC, sampled by bench/cluster/heap-sampler.mjs in its Next.js server (JSON lines). */
  heapFile: string;
  /** Process group of the launcher and its `next start`. */
  pid(): number | undefined;
  start(): Promise<void>;
  /** Starts it again until it is ready, as an orchestrator restarts a container whose start failed (the database down meanwhile). */
  restart(attempts?: number): Promise<void>;
  /** SIGKILL to the whole group: no shutdown hook runs, jobs in flight are abandoned. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Resident memory (MB) of its Next.js server; null when not running. */
  rssMb(): number | null;
  /** CPU seconds its processes spent, including earlier lives (restarts). */
  cpuSeconds(): number;
};

function groupProcs(pgid: number): { pid: number; rssKb: number; cpu: number; args: string }[] {
  try {
    return execFileSync("ps", ["-o", "pid=,rss=,cputimes=,args=", "-g", String(pgid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .map(([pid, rss, cpu, ...args]) => ({
        pid: Number(pid),
        rssKb: Number(rss),
        cpu: Number(cpu),
        args: args.join(" "),
      }));
  } catch {
    return [];
  }
}

export function portalInstance(name: string, port: number, env: Record<string, string>): Instance {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  fs.writeFileSync(logFile, "");
  const heapFile = path.join(LOG_DIR, `${name}.heap.jsonl`);
  fs.writeFileSync(heapFile, "");
  const sampler = pathToFileURL(path.resolve("bench", "cluster", "heap-sampler.mjs")).href;
  let child: ChildProcess | undefined;
  let earlierCpu = 0;
  let lastCpu = 0;
  const url = `http://localhost:${port}`;
  const cpuNow = () => {
    if (!child?.pid || child.exitCode !== null) return 0;
    const total = groupProcs(child.pid).reduce((s, p) => s + p.cpu, 0);
    lastCpu = Math.max(lastCpu, total);
    return lastCpu;
  };
  const instance: Instance = {
    name,
    port,
    url,
    logFile,
    heapFile,
    pid: () => child?.pid,
    async start() {
      const log = fs.openSync(logFile, "a");
      child = spawn(process.execPath, [TSX, "scripts/start.ts"], {
        env: {
          ...process.env,
          ...env,
          PORT: String(port),
          CLUSTER_HEAP_FILE: path.resolve(heapFile),
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc --import ${sampler}`.trim(),
        },
        stdio: ["ignore", log, log],
        detached: true,
      });
      lastCpu = 0;
      const deadline = Date.now() + 600_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`${name} exited during start-up: see ${logFile}`);
        if (Date.now() > deadline) throw new Error(`${name} was not ready within 10 minutes: see ${logFile}`);
        try {
          if ((await fetch(`${url}/api/ready`, { signal: AbortSignal.timeout(2_000) })).ok) return;
        } catch {
          // not listening yet
        }
        await sleep(300);
      }
    },
    async restart(attempts = 5) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await instance.start();
        } catch (e) {
          if (attempt >= attempts) throw e;
          await sleep(3_000);
        }
      }
    },
    async kill() {
      await signal("SIGKILL");
    },
    async stop() {
      await signal("SIGTERM");
    },
    rssMb() {
      if (!child?.pid || child.exitCode !== null) return null;
      const server = groupProcs(child.pid).filter((p) => /next-server|next start/.test(p.args));
      return server.length ? server.reduce((s, p) => s + p.rssKb, 0) / 1024 : null;
    },
    cpuSeconds: () => earlierCpu + cpuNow(),
  };
  async function signal(sig: NodeJS.Signals) {
    if (!child?.pid || child.exitCode !== null) return;
    cpuNow();
    earlierCpu += lastCpu;
    lastCpu = 0;
    const exited = new Promise((r) => child!.once("exit", r));
    try {
      process.kill(-child.pid, sig);
    } catch {
      return;
    }
    const timer = setTimeout(() => child?.pid && process.kill(-child.pid, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
    // The group's other members (next start) go with the signal; wait until the port is free.
    for (let i = 0; i < 50 && groupProcs(child.pid).length; i++) await sleep(100);
  }
  process.on("exit", () => {
    try {
      if (child?.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  });
  return instance;
}
