/**
 * The webhook benchmark's setup: the portal started as a user starts it (`npm start`, on its own ports,
 * with a throwaway PostgreSQL server or the embedded database), the simulator's control API, and real
 * deliveries prepared at the simulator.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { startPostgresServer } from "../../scripts/test/postgres-server";
import type { Delivery } from "./load";
import { roles, type Roles } from "./process-cpu";

export type PortalOptions = {
  postgres: boolean;
  statements: boolean;
  ports: { portal: number; simHttps: number; simHttp: number; pglite: number };
  /** Extra variables for the portal (e.g. OTEL_* for the tracing comparison). */
  env?: Record<string, string>;
  /** Names its log file (test-results/bench-portal[-label].log) when two portals run side by side. */
  label?: string;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The statements that took most of the database's time, per call (ms). */
export async function topStatements(db: pg.Client): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query(
    `SELECT calls, round((total_plan_time / calls)::numeric, 3) AS "plan ms", round((total_exec_time / calls)::numeric, 3) AS "exec ms", round(max_exec_time::numeric, 1) AS "slowest ms",
       left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS statement
     FROM pg_stat_statements WHERE calls > 10 ORDER BY total_plan_time + total_exec_time DESC LIMIT 8`,
  );
  return rows;
}

export type Started = {
  portal: string;
  simulator: string;
  db: string;
  dbLabel: string;
  roles: () => Roles;
  stop: () => Promise<void>;
};

export async function startPortal(options: PortalOptions): Promise<Started> {
  fs.mkdirSync("test-results", { recursive: true });
  const logFile = `test-results/bench-portal${options.label ? `-${options.label}` : ""}.log`;
  const log = fs.openSync(logFile, "w");
  let server: Awaited<ReturnType<typeof startPostgresServer>> | undefined;
  if (options.postgres) {
    server = await startPostgresServer(
      options.statements
        ? { settings: { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track_planning": "on" } }
        : {},
    );
    if (!("url" in server)) throw new Error(`--postgres: ${server.unavailable}`);
    if (options.statements) await withClient(server.url, (c) => c.query("CREATE EXTENSION pg_stat_statements"));
  }
  const databaseUrl = server && "url" in server ? server.url : undefined;
  const env = {
    ...process.env,
    // A PostgreSQL server (--postgres), or the embedded database with one connection: its socket server
    // (pglite-socket 0.2.17) mixes up concurrent connections' statements inside transactions.
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DB_POOL_MAX: "1" }),
    PORT: String(options.ports.portal),
    PORTAL_URL: `http://localhost:${options.ports.portal}`,
    PGLITE_DIR: "memory://",
    PGLITE_PORT: String(options.ports.pglite),
    ENTRA_AUTHORITY_HOST: `https://localhost:${options.ports.simHttps}`,
    MARKETPLACE_API_URL: `https://localhost:${options.ports.simHttps}/api`,
    SIMULATOR_PAGES_URL: `http://localhost:${options.ports.simHttp}`,
    // Production's logging (JSON at info), not the readable local default.
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    NEXT_TELEMETRY_DISABLED: "1",
    SIM_STATE_FILE: "memory",
    // No scheduled reconciliation: its first run comes at a random minute, which would land in one run
    // or another and add its own work to that run's figures.
    RECONCILE_INTERVAL_MINUTES: "0",
    SIM_LOG: "silent",
    ...options.env,
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
  const portal = `http://localhost:${options.ports.portal}`;
  const deadline = Date.now() + 300_000;
  process.stdout.write("Starting the portal (npm start: simulator, embedded database, build if needed)…");
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The portal stopped during start-up: see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`The portal was not ready within 5 minutes: see ${logFile}`);
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
    simulator: `http://localhost:${options.ports.simHttp}`,
    db: databaseUrl ?? `postgresql://postgres:postgres@127.0.0.1:${options.ports.pglite}/postgres`,
    dbLabel: databaseUrl ? "PostgreSQL server" : "embedded PGlite, 1 connection",
    roles: () => roles(child.pid!, databaseUrl ? new URL(databaseUrl).port : undefined),
    stop,
  };
}

export async function control<T>(simulator: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${simulator}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** `count` real Subscribe operations (auto-activation purchases) and the payloads Microsoft would send. */
export async function prepareDeliveries(simulator: string, count: number): Promise<Delivery[]> {
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
