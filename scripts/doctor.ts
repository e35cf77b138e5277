/**
 * `npm run doctor` (`-- --json` for CI/CD): checks a deployment end to end, with the same checks as the
 * owners' page /admin/setup (lib/doctor). Prints a table with ✓ / ! / ✗ and what to do for each problem;
 * exits 1 when a check failed (warnings pass), so that a release pipeline can stop on it.
 *
 * Run as `node --conditions=react-server --import tsx scripts/doctor.ts`: the react-server condition
 * resolves `server-only` to its empty module, as Next.js does for server code. Reads the same .env files
 * as the portal. Run it where the portal runs, with its environment: it checks what that machine reaches.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import pino from "pino";

nextEnv.loadEnvConfig(process.cwd());
const asJson = process.argv.includes("--json");

const { inspectEnv } = await import("../lib/env");
const config = inspectEnv();

// Local mode: Node trusts the simulator's self-signed certificate only when told at start, as npm start
// tells the portal (scripts/start.ts). Start again with it rather than fail the token check for nothing.
// (npm start sets it for the portal whatever it was; so does this.)
const certificate = path.resolve(process.env.SIM_CERT_DIR ?? path.join(".data", "certs"), "localhost.pem");
if (config.env?.simulator.enabled && process.env.NODE_EXTRA_CA_CERTS !== certificate) {
  if (fs.existsSync(certificate)) {
    const again = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: "inherit",
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate },
    });
    process.exit(again.status ?? 1);
  }
}

const { createLogger } = await import("../lib/log");
const { createDoctorContext, exitCodeFor, runDoctor } = await import("../lib/doctor");
const { formatReport } = await import("../lib/doctor/format");

// Only errors, and on stderr: stdout carries the report (JSON with --json).
const logger = createLogger({ level: "error", format: "json", destination: pino.destination({ fd: 2, sync: true }) });
const reports = await runDoctor(createDoctorContext({ config, logger }));
const code = exitCodeFor(reports);
if (asJson) console.log(JSON.stringify({ ok: code === 0, checks: reports }, null, 2));
else console.log(formatReport(reports, Math.min(process.stdout.columns || 100, 120)));
process.exit(code);
