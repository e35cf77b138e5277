/**
 * Vitest globalSetup: makes sure the simulator's certificate exists (by starting a simulator once) and
 * points NODE_EXTRA_CA_CERTS at it. Node reads that variable only when a process starts, so it must be set
 * here, before Vitest forks its workers (pool "forks"), for the tests' HTTPS calls and MSAL to trust it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TEST_CERT_DIR, TEST_CERT_PATH, startSimulatorProcess } from "./simulator";

export default async function setup(): Promise<void> {
  const sim = await startSimulatorProcess({ certDir: TEST_CERT_DIR, readyTimeoutMs: 120_000 });
  await sim.stop();
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  if (!existing || path.resolve(existing) === TEST_CERT_PATH) {
    process.env.NODE_EXTRA_CA_CERTS = TEST_CERT_PATH;
    return;
  }
  // Node takes a single file: keep whatever was trusted already and add the simulator's certificate.
  const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-ca-")), "bundle.pem");
  fs.writeFileSync(bundle, `${fs.readFileSync(existing, "utf8").trim()}\n${fs.readFileSync(TEST_CERT_PATH, "utf8")}`);
  process.env.NODE_EXTRA_CA_CERTS = bundle;
}
