/**
 * Integration tests: builds one migrated database before the run, which every test file clones.
 * - default: an embedded PGlite database, migrated through the same engine as production, dumped to a file;
 * - TEST_DATABASE_URL=postgresql://…: a PostgreSQL server; the template is a database named
 *   portal_test_template (each test file gets `CREATE DATABASE … TEMPLATE portal_test_template`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { deployMigrations } from "../scripts/db/commands";
import { startEmbeddedDb } from "../scripts/embedded-db";
import { adminQuery, withDatabase } from "./postgres";

export const TEMPLATE_DB = "portal_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await adminQuery(serverUrl, `CREATE DATABASE ${TEMPLATE_DB}`);
    await deployMigrations(withDatabase(serverUrl, TEMPLATE_DB));
    project.provide("postgresUrl", serverUrl);
    project.provide("pgliteTemplate", "");
    return;
  }
  const db = await startEmbeddedDb({ dir: "memory://", port: 0 });
  try {
    await deployMigrations(db.url);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-")), "template.tar.gz");
    fs.writeFileSync(file, Buffer.from(await (await db.dump()).arrayBuffer()));
    project.provide("pgliteTemplate", file);
    project.provide("postgresUrl", "");
  } finally {
    await db.stop();
  }
}
