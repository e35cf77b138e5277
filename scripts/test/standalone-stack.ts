/**
 * The production build running as it ships, for the smoke test (scripts/test/smoke.ts): the standalone
 * folder copied out of the checkout (so that nothing resolves from the project's node_modules), a fresh
 * database on a PostgreSQL server, the Microsoft simulator, the release migration, and `node server.js`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { parseEnv } from "../../lib/env";
import { generateSigningKeyPem } from "../../lib/handoff/local-key";
import { MIGRATE_COMMAND, SERVER_COMMAND, STANDALONE_DIR, WORKER_COMMAND } from "../release/commands";
import { startSimulator } from "../start/simulator";
import { startPostgresServer } from "./postgres-server";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The standalone folder, copied to a temporary folder outside the checkout. */
export function copyStandalone(): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), "portal-standalone-"));
  fs.cpSync(STANDALONE_DIR, target, { recursive: true });
  return target;
}

/** A database of its own: in TEST_DATABASE_URL's server, or in a throwaway server. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> } | { unavailable: string }> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopServer = () => {};
  if (!serverUrl) {
    const started = await startPostgresServer();
    if ("unavailable" in started) return started;
    serverUrl = started.url;
    stopServer = started.stop;
  }
  const name = `portal_smoke_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      stopServer();
    },
  };
}

export type Ports = { portal: number; simHttps: number; simHttp: number };

/**
 * The portal's environment: production-like (`node server.js` sets NODE_ENV=production, JSON logs, its own
 * secrets, a PostgreSQL server) in local mode, the only mode that accepts Microsoft played by the simulator,
 * as the end-to-end tests run `next start`.
 */
export function portalEnvironment(ports: Ports, databaseUrl: string, workDir: string): Record<string, string> {
  // Its own hand-off key, as production has (local mode would write one into the folder it runs from).
  const keyFile = path.join(workDir, "handoff-signing-key.pem");
  if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, generateSigningKeyPem(), { mode: 0o600 });
  return {
    PORT: String(ports.portal),
    HOSTNAME: "127.0.0.1",
    PORTAL_URL: `http://localhost:${ports.portal}`,
    NEXTAUTH_URL: `http://localhost:${ports.portal}`,
    DATABASE_URL: databaseUrl,
    HANDOFF_SIGNING_KEY_FILE: keyFile,
    AUTH_SECRET: "smoke-only-secret-smoke-only-secret-smoke",
    ENTRA_AUTHORITY_HOST: `https://localhost:${ports.simHttps}`,
    MARKETPLACE_API_URL: `https://localhost:${ports.simHttps}/api`,
    SIMULATOR_PAGES_URL: `http://localhost:${ports.simHttp}`,
    RECONCILE_INTERVAL_MINUTES: "0",
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "true",
  };
}

/** The simulator, pointed at the portal; returns the certificate Node must trust to call it. */
export async function startSimulatorFor(
  ports: Ports,
  env: Record<string, string>,
  workDir: string,
  children: Set<ChildProcess>,
): Promise<string> {
  const parsed = parseEnv(env);
  if (!parsed.env) throw new Error(`smoke configuration: ${parsed.problems.join("; ")}`);
  process.env.SIM_CERT_DIR = path.join(workDir, "certs");
  process.env.SIM_STATE_FILE = "memory";
  process.env.SIM_LOG ??= "silent";
  const sim = await startSimulator(parsed.env, children, (code) => {
    console.error(`[smoke] the simulator stopped (exit code ${code})`);
  });
  return sim.certificatePath;
}

/** Runs a command in the folder; resolves with its exit code. */
export function runIn(folder: string, command: readonly string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const [bin, ...args] = command;
    const child = spawn(bin === "node" ? process.execPath : bin!, args, {
      cwd: folder,
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
      stdio: "inherit",
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

export const migrate = (folder: string, env: Record<string, string>) => runIn(folder, MIGRATE_COMMAND, env);

export type RunningProcess = {
  child: ChildProcess;
  /** Everything it printed, one JSON line each (LOG_FORMAT=json). */
  output: string[];
  exited: Promise<number | null>;
};
export type RunningServer = RunningProcess & { url: string };

/** A command of the folder run with only `env` (and PATH), its output appended to `logFile`. */
function spawnIn(folder: string, command: readonly string[], env: Record<string, string>, logFile: string) {
  const [bin, ...args] = command;
  const child = spawn(bin === "node" ? process.execPath : bin!, args, {
    cwd: folder,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const log = fs.createWriteStream(logFile, { flags: "a" });
  for (const stream of [child.stdout, child.stderr])
    stream.on("data", (chunk: Buffer) => {
      log.write(chunk);
      output.push(...chunk.toString().split("\n").filter(Boolean));
    });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output, exited };
}

async function waitFor(what: string, running: RunningProcess, ready: () => Promise<boolean>, logFile: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (running.child.exitCode !== null)
      throw new Error(`${what} exited with ${running.child.exitCode} during start (see ${logFile})`);
    if (Date.now() > deadline) throw new Error(`${what} was not ready within 60 s (see ${logFile})`);
    if (await ready().catch(() => false)) return;
    await sleep(250);
  }
}

/** `node server.js` in the folder; resolves once /api/ready answers 200. */
export async function startServer(
  folder: string,
  env: Record<string, string>,
  logFile: string,
): Promise<RunningServer> {
  const running = spawnIn(folder, SERVER_COMMAND, env, logFile);
  const url = `http://127.0.0.1:${env.PORT}`;
  await waitFor(SERVER_COMMAND.join(" "), running, async () => (await fetch(`${url}/api/ready`)).ok, logFile);
  return { ...running, url };
}

/** `node worker.mjs` in the folder; resolves once it says it is ready. */
export async function startWorker(
  folder: string,
  env: Record<string, string>,
  logFile: string,
): Promise<RunningProcess> {
  const running = spawnIn(folder, WORKER_COMMAND, env, logFile);
  await waitFor(
    WORKER_COMMAND.join(" "),
    running,
    async () => running.output.some((line) => line.includes("worker process ready")),
    logFile,
  );
  return running;
}
