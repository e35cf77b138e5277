/**
 * `npm start` (and `npm run dev` with --dev): everything the portal needs, in order, with progress.
 *
 * 1. validate the configuration (production refuses unsafe or missing settings, naming each problem; local
 *    mode without AUTH_SECRET gets a random session secret, generated once into .data/auth-secret, and
 *    without a hand-off signing key an EC P-256 key pair, generated once into .data/handoff-signing-key.pem);
 * 2. local mode: start the Microsoft simulator and the embedded database (PGlite on loopback);
 * 3. apply pending migrations;
 * 4. build the portal when its sources changed since the last build (skipped with --dev);
 * 5. start Next.js and report the URL once it answers /api/health.
 * Ctrl-C stops everything; if any part stops, the others are stopped too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import nextEnv from "@next/env";
import { parseEnv } from "../lib/env";
import { ensureLocalSigningKey } from "../lib/handoff/local-key";
import { deployMigrations } from "./db/commands";
import { lastEnginePanic } from "./db/engine";
import { startEmbeddedDb, type EmbeddedDb } from "./embedded-db";
import { buildIsCurrent, recordBuild, sourceHash } from "./start/build-hash";
import { LOCAL_SECRET_FILE, localAuthSecret } from "./start/local-secret";
import { startSimulator } from "./start/simulator";

const dev = process.argv.includes("--dev");
// The same .env files Next.js reads, so that this launcher validates what the server will see.
nextEnv.loadEnvConfig(process.cwd(), dev);
const children = new Set<ChildProcess>();
let db: EmbeddedDb | undefined;
let stopping = false;
/** How long a stopping child may take before it is killed: the server's own bound plus a margin, once known. */
let killStuckAfterMs = 10_000;

const step = (message: string) => console.log(`▸ ${message}`);

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    // The server finishes its requests and jobs within SHUTDOWN_TIMEOUT_MS; one that has not exited
    // some seconds after that is stuck, and a launcher waiting for it for ever would hold its ports.
    setTimeout(() => {
      for (const child of children) child.kill("SIGKILL");
    }, killStuckAfterMs).unref();
    await Promise.all(
      [...children].map(
        (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once("exit", resolve))),
      ),
    );
    await db?.stop().catch(() => {});
  }
  process.exit(code);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    children.add(child);
    child.on("exit", (code) => {
      children.delete(child);
      resolve(code ?? 1);
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main() {
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  // Local mode without AUTH_SECRET: a random secret of this checkout's, not the published default (see local-secret.ts).
  let secretNote: string | undefined;
  if ((process.env.PORTAL_MODE?.trim() || "local") === "local" && !process.env.AUTH_SECRET?.trim()) {
    const { secret, created } = localAuthSecret();
    process.env.AUTH_SECRET = secret;
    secretNote = `Session secret: ${created ? "generated into" : "from"} ${LOCAL_SECRET_FILE}`;
  }
  // Local mode without a hand-off key: one of this checkout's, so that "Open the app" is signed with nothing set up.
  let keyNote: string | undefined;
  const keySet = process.env.HANDOFF_SIGNING_KEY?.trim() || process.env.HANDOFF_SIGNING_KEY_FILE?.trim();
  if ((process.env.PORTAL_MODE?.trim() || "local") === "local" && !keySet) {
    const { file, created } = ensureLocalSigningKey();
    process.env.HANDOFF_SIGNING_KEY_FILE = file;
    keyNote = `Hand-off signing key: ${created ? "generated into" : "from"} ${file}`;
  }

  const parsed = parseEnv(process.env);
  if (!parsed.env) {
    console.error(`The portal cannot start: its configuration has ${parsed.problems.length} problem(s):`);
    for (const p of parsed.problems) console.error(`  - ${p}`);
    console.error("Fix them (see .env.example and the README's configuration table), then start again.");
    process.exit(1);
  }
  const env = parsed.env;
  killStuckAfterMs = env.shutdownTimeoutMs + 10_000;
  step(`Configuration: ${env.mode} mode`);
  if (secretNote) step(secretNote);
  if (keyNote) step(keyNote);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXTAUTH_URL: env.portalUrl,
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
  };

  if (env.simulator.enabled) {
    const sim = await startSimulator(env, children, (code) => {
      if (stopping) return;
      console.error(`The simulator stopped (exit code ${code}); stopping the portal too.`);
      void shutdown(code || 1);
    });
    step(`Microsoft simulator: ${sim.summary}`);
    // Node trusts the simulator's self-signed certificate only when told at start (MSAL needs https).
    childEnv.NODE_EXTRA_CA_CERTS = sim.certificatePath;
  }

  let databaseUrl = env.databaseUrl;
  if (!databaseUrl) {
    db = await startEmbeddedDb({ dir: env.pgliteDir, port: env.pglitePort });
    databaseUrl = db.url;
    step(`Embedded database (${env.pgliteDir}) on 127.0.0.1:${db.port}`);
  }
  childEnv.DATABASE_URL = databaseUrl;

  const applied = await deployMigrations(databaseUrl);
  step(applied.length ? `Migrations applied: ${applied.join(", ")}` : "Migrations: up to date");
  if (db) {
    // Without fresh statistics the planner misjudges the admin list's search on large tables.
    const embedded = db;
    await embedded.analyze();
    setInterval(() => void embedded.analyze().catch(() => {}), 30 * 60_000).unref();
  }

  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  if (!dev && !buildIsCurrent()) {
    step("Building the portal (first start, or its sources changed)…");
    const started = Date.now();
    const sources = sourceHash();
    const code = await run(process.execPath, [nextBin, "build"], childEnv);
    if (code !== 0) {
      console.error("The build failed (see above).");
      return shutdown(code);
    }
    recordBuild(sources);
    step(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }

  // A larger young generation (V8's default semi-space is 16 MB): each request allocates a lot and dies
  // young, so fewer scavenges. Measured with bench/webhook.ts: about 10 % more deliveries per second on
  // the same CPU, for at most 48 MB more memory.
  const next = spawn(
    process.execPath,
    ["--max-semi-space-size=32", nextBin, dev ? "dev" : "start", "-H", env.host, "-p", String(env.port)],
    { env: childEnv, stdio: "inherit" },
  );
  children.add(next);
  next.on("exit", (code) => {
    children.delete(next);
    if (!stopping) {
      console.error(`The portal stopped (exit code ${code}).`);
      void shutdown(code || 1);
    }
  });
  const local = `http://${env.host === "0.0.0.0" ? "localhost" : env.host}:${env.port}`;
  if (await waitForHealth(`${local}/api/health`, next, 120_000)) step(`Portal ready: ${env.portalUrl}`);
}

main().catch((e: unknown) => {
  const panic = lastEnginePanic();
  console.error(`The portal could not start: ${(e as Error)?.message ?? String(e)}${panic ? `\n${panic}` : ""}`);
  void shutdown(1);
});
