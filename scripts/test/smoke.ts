/**
 * The smoke test of the production build (`npm test -- smoke`): exactly what the Dockerfile ships, run the
 * way it runs there (scripts/release/commands.ts; test/deploy-files.test.ts holds the two together).
 *
 *   1. `npm run build:standalone`, the folder copied out of the checkout;
 *   2. a fresh database on a PostgreSQL server (TEST_DATABASE_URL's, or a throwaway one);
 *   3. `node migrate.mjs` (the release step), then `node server.js`, pointed at the Microsoft simulator;
 *   4. the buyer journey in Chromium (e2e/smoke/buyer-journey.smoke.ts);
 *   5. SIGTERM during a burst of webhook deliveries: none lost, none applied twice (shutdown-burst.ts);
 *   6. `node worker.mjs` starts, takes its share of the queue, and stops on SIGTERM with exit 0.
 * The server runs with tracing on (OTEL_EXPORTER_OTLP_ENDPOINT → a receiver here): the folder must ship the
 * SDK its dynamic import loads, and the journey's Microsoft calls and jobs must arrive as spans.
 *
 * Exits 0 when all passed, 1 when something failed, 3 when PostgreSQL is not available (a notice).
 * `--no-build` reuses the last build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BUILD_COMMAND } from "../release/commands";
import { startOtlpSink } from "./otlp-sink";
import { sigtermDuringBurst } from "./shutdown-burst";
import {
  copyStandalone,
  freePort,
  freshDatabase,
  migrate,
  portalEnvironment,
  startServer,
  startSimulatorFor,
  startWorker,
  type RunningServer,
} from "./standalone-stack";

const BURST = Number(process.env.SMOKE_BURST ?? 300);
const step = (message: string) => console.log(`[smoke] ${message}`);

function exec(command: readonly string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const [bin, ...args] = command;
    const child = spawn(bin!, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/** The buyer journey's spans: a request, the Microsoft calls of the landing page, and the activation's job. */
async function spansArrived(byName: Map<string, number>): Promise<boolean> {
  const wanted = [/^marketplace resolve$/, /^marketplace activate$/, /^job /, /^(GET|POST) /];
  const missing = () => wanted.filter((w) => ![...byName.keys()].some((name) => w.test(name)));
  const deadline = Date.now() + 10_000;
  while (missing().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const names = [...byName].map(([name, n]) => `${name} ×${n}`);
  if (missing().length) {
    console.error(`[smoke] ✗ spans missing: ${missing().join(", ")}; received: ${names.join(", ") || "none"}`);
    return false;
  }
  step(
    `tracing: ${[...byName.values()].reduce((a, b) => a + b, 0)} spans exported (${names.slice(0, 6).join(", ")}, …)`,
  );
  return true;
}

async function main(): Promise<number> {
  const started = Date.now();
  if (!process.argv.includes("--no-build")) {
    step(`build: ${BUILD_COMMAND.join(" ")}`);
    if ((await exec(BUILD_COMMAND)) !== 0) return 1;
  }
  const database = await freshDatabase();
  if ("unavailable" in database) {
    console.log(`[smoke] not run: ${database.unavailable}; set TEST_DATABASE_URL to run it`);
    return 3;
  }
  const folder = copyStandalone();
  const children = new Set<ChildProcess>();
  let server: RunningServer | undefined;
  let otlp: Awaited<ReturnType<typeof startOtlpSink>> | undefined;
  fs.mkdirSync("test-results", { recursive: true });
  const logFile = path.resolve("test-results", "smoke-server.log");
  fs.writeFileSync(logFile, "");
  try {
    const ports = { portal: await freePort(), simHttps: await freePort(), simHttp: await freePort() };
    const env = portalEnvironment(ports, database.url, folder);
    otlp = await startOtlpSink();
    Object.assign(env, { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: "200" });
    const certificate = await startSimulatorFor(ports, env, folder, children);
    env.NODE_EXTRA_CA_CERTS = certificate;
    step(`release step: node migrate.mjs (in ${folder})`);
    if ((await migrate(folder, { DATABASE_URL: database.url })) !== 0) return 1;
    step("node server.js");
    server = await startServer(folder, env, logFile);
    step(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s; the buyer journey in Chromium`);
    const journey = await exec(
      [process.execPath, "node_modules/@playwright/test/cli.js", "test", "--config", "e2e/smoke/playwright.config.ts"],
      {
        SMOKE_PORTAL_URL: env.PORTAL_URL!,
        SMOKE_SIM_PAGES_URL: env.SIMULATOR_PAGES_URL!,
        SMOKE_DATABASE_URL: database.url,
      },
    );
    const traced = await spansArrived(otlp.counts.byName);
    if (!BURST) return journey === 0 && traced ? 0 : 1;
    step(`SIGTERM during a burst of ${BURST} webhook deliveries`);
    const burst = await sigtermDuringBurst({
      count: BURST,
      simulator: env.SIMULATOR_PAGES_URL!,
      databaseUrl: database.url,
      server,
      restart: async () => (server = await startServer(folder, env, logFile)),
    });
    step(
      `burst: ${burst.acceptedBeforeExit} of ${burst.sent} acknowledged before the server stopped (exit ${burst.exitCode}, ` +
        `${burst.stopSeconds.toFixed(1)} s after SIGTERM), ${burst.retried} retried after the restart`,
    );
    for (const problem of burst.problems) console.error(`[smoke] ✗ ${problem}`);
    step("node worker.mjs, then SIGTERM");
    const worker = await startWorker(folder, env, logFile);
    worker.child.kill("SIGTERM");
    const workerExit = await worker.exited;
    if (workerExit !== 0)
      console.error(`[smoke] ✗ node worker.mjs exited with ${workerExit} after SIGTERM (0 expected)`);
    const ok = journey === 0 && traced && burst.problems.length === 0 && workerExit === 0;
    step(`${ok ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s (server log: ${logFile})`);
    return ok ? 0 : 1;
  } finally {
    server?.child.kill("SIGKILL");
    for (const child of children) child.kill("SIGTERM");
    await otlp?.stop();
    await database.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[smoke] ${(e as Error)?.stack ?? String(e)}`);
    process.exit(1);
  },
);
