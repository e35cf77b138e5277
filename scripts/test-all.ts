/**
 * `npm test`: every check the project has, in order, with a summary. It goes on after a failure (so
 * one run shows everything that is wrong) and exits non-zero if anything failed.
 *
 *   typecheck · lint · format (Prettier) · unit (+ simulator) · integration on PGlite · integration on a
 *   PostgreSQL server · migration drift · end-to-end in Chromium · smoke (the standalone production build on
 *   PostgreSQL: the buyer journey, and SIGTERM during a webhook burst; scripts/test/smoke.ts) · cluster soak
 *   (3 instances, directly and behind PgBouncer)
 *
 * The PostgreSQL and smoke steps use TEST_DATABASE_URL when set, else starts a throwaway server when PostgreSQL is
 * installed; REQUIRE_POSTGRES=1 (set by CI) makes its absence a failure instead of a notice.
 * Pass step names to run only those: `npm test -- unit integration`.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findPostgres, startPostgresServer, type PostgresServer } from "./test/postgres-server";

type Step = { name: string; run: () => Promise<boolean | "not-run">; note?: string };

function execCode(command: string, args: string[], env: Record<string, string> = {}): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code) => resolve(code));
  });
}
const exec = async (command: string, args: string[], env: Record<string, string> = {}) =>
  (await execCode(command, args, env)) === 0;
/** scripts/test/smoke.ts's exit code when no PostgreSQL server is available. */
const SMOKE_NOT_RUN = 3;

const npx = (bin: string, ...args: string[]) => exec(process.execPath, [`node_modules/.bin/${bin}`, ...args]);
const node = (script: string, ...args: string[]) =>
  exec(process.execPath, ["node_modules/tsx/dist/cli.mjs", script, ...args]);

let postgresNote = "";

/**
 * Vitest also writes a JSON report, so that the summary at the end names the failed tests: CI keeps only
 * the tail of a long run, where they would otherwise be thousands of lines up.
 */
const reports = mkdtempSync(path.join(tmpdir(), "portal-tests-"));
const failures: string[] = [];
function vitest(step: string, ...args: string[]): string[] {
  return [
    "node_modules/vitest/vitest.mjs",
    "run",
    ...args,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${path.join(reports, `${step}.json`)}`,
  ];
}
type VitestReport = {
  testResults?: {
    name: string;
    status: string;
    message?: string;
    assertionResults?: { status: string; fullName: string; failureMessages?: string[] }[];
  }[];
};
function collectFailures(step: string) {
  let report: VitestReport;
  try {
    report = JSON.parse(readFileSync(path.join(reports, `${step}.json`), "utf8")) as VitestReport;
  } catch {
    return;
  }
  const firstLine = (text = "") => text.split("\n")[0]!.slice(0, 300);
  for (const file of report.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    const failed = (file.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failed)
      failures.push(`${step}: ${where} › ${t.fullName}\n    ${firstLine(t.failureMessages?.[0])}`);
    if (!failed.length && file.status === "failed") failures.push(`${step}: ${where}\n    ${firstLine(file.message)}`);
  }
}
const steps: Step[] = [
  { name: "typecheck", run: () => exec(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit"]) },
  { name: "lint", run: () => exec(process.execPath, ["node_modules/eslint/bin/eslint.js", "--max-warnings=0", "."]) },
  // One layout for every file (`npm run format` fixes it): line counts and diffs mean the same everywhere.
  {
    name: "format",
    run: () =>
      exec(process.execPath, ["node_modules/prettier/bin/prettier.cjs", "--check", "--log-level", "warn", "."]),
  },
  {
    name: "unit",
    run: () => exec(process.execPath, vitest("unit", "--project", "unit", "--project", "simulator")),
  },
  {
    name: "integration",
    run: () => exec(process.execPath, vitest("integration", "--project", "integration")),
  },
  {
    name: "postgres",
    async run() {
      let server: PostgresServer | undefined;
      let url = process.env.TEST_DATABASE_URL;
      if (!url) {
        const started = await startPostgresServer();
        if ("unavailable" in started) {
          postgresNote = `${started.unavailable}; set TEST_DATABASE_URL to run it`;
          return process.env.REQUIRE_POSTGRES === "1" ? false : "not-run";
        }
        server = started;
        url = started.url;
      }
      try {
        // Everything that touches the portal's data, on a real server. Not scripts/ (the migration workflow and
        // the embedded database's own tests always use PGlite) nor the Marketplace client's (no database).
        return await exec(
          process.execPath,
          vitest("postgres", "--project", "integration", "--exclude", "scripts/**", "--exclude", "lib/marketplace/**"),
          { TEST_DATABASE_URL: url },
        );
      } finally {
        server?.stop();
      }
    },
  },
  { name: "migrations", run: () => node("scripts/db.ts", "diff") },
  { name: "e2e", run: () => npx("playwright", "test") },
  {
    name: "smoke",
    async run() {
      const code = await execCode(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/test/smoke.ts"]);
      if (code !== SMOKE_NOT_RUN) return code === 0;
      postgresNote = "PostgreSQL is not installed; set TEST_DATABASE_URL to run it";
      return process.env.REQUIRE_POSTGRES === "1" ? false : "not-run";
    },
  },
  // Three portal instances on one PostgreSQL server behind a load balancer, with Microsoft's faults, an
  // instance killed and the database restarted: fails on any loss, double application or drift (bench/cluster.ts).
  { name: "cluster", run: () => cluster() },
  { name: "cluster-pgbouncer", run: () => cluster("--pgbouncer") },
];

/** The short soak (≥ 1 000 deliveries, every fault kind, well under 5 minutes); needs PostgreSQL (and PgBouncer). */
async function cluster(...extra: string[]): Promise<boolean | "not-run"> {
  const missing = !findPostgres()
    ? "PostgreSQL is not installed"
    : extra.includes("--pgbouncer") && !existsSync("/usr/sbin/pgbouncer")
      ? "PgBouncer is not installed (apt-get install pgbouncer)"
      : undefined;
  if (missing) {
    postgresNote = missing;
    return process.env.REQUIRE_POSTGRES === "1" ? false : "not-run";
  }
  return node(
    "bench/cluster.ts",
    ...["--instances", "3", "--deliveries", "1000", "--faults", "0.1", "--throughput", "300", "--rate", "40"],
    ...extra,
  );
}

async function main() {
  const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = only.filter((n) => !steps.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`Unknown step(s): ${unknown.join(", ")}. Steps: ${steps.map((s) => s.name).join(", ")}`);
    process.exit(2);
  }
  const results: { name: string; outcome: string; seconds: number }[] = [];
  for (const step of steps.filter((s) => !only.length || only.includes(s.name))) {
    console.log(`\n━━ ${step.name} ━━`);
    const started = Date.now();
    const ok = await step.run();
    const outcome = ok === "not-run" ? `not run: ${postgresNote}` : ok ? "passed" : "FAILED";
    results.push({ name: step.name, outcome, seconds: (Date.now() - started) / 1000 });
    if (ok === false) collectFailures(step.name);
  }
  console.log("\n━━ summary ━━");
  for (const r of results)
    console.log(
      `${r.outcome === "passed" ? "✓" : r.outcome === "FAILED" ? "✗" : "–"} ${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.outcome}`,
    );
  if (failures.length) console.log(`\nfailed tests:\n${failures.map((f) => `  ${f}`).join("\n")}`);
  process.exit(results.some((r) => r.outcome === "FAILED") ? 1 : 0);
}

void main();
