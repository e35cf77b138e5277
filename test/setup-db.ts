/**
 * Per test file: a fresh database cloned from the migrated template (see global-setup.ts), set as
 * DATABASE_URL before the file imports the portal's modules, and dropped afterwards.
 */
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, inject } from "vitest";
import { startEmbeddedDb } from "../scripts/embedded-db";
import { adminQuery, withDatabase } from "./postgres";

const postgresUrl = inject("postgresUrl");
let cleanup: () => Promise<void>;

if (postgresUrl) {
  const name = `portal_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await adminQuery(postgresUrl, `CREATE DATABASE ${name} TEMPLATE portal_test_template`);
  process.env.DATABASE_URL = withDatabase(postgresUrl, name);
  cleanup = () => adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
} else {
  const template = new Blob([fs.readFileSync(inject("pgliteTemplate"))]);
  const db = await startEmbeddedDb({ dir: "memory://", port: 0, loadDataDir: template });
  process.env.DATABASE_URL = db.url;
  cleanup = () => db.stop();
}
process.env.PORTAL_MODE = "local";
process.env.LOG_LEVEL ??= "warn";

afterAll(async () => {
  const { disconnectDb } = await import("../lib/db");
  await disconnectDb();
  await cleanup();
});
