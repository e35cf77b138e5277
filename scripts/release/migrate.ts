/**
 * The release step of a production deployment: applies pending migrations (Prisma's, then the job
 * queue's) to DATABASE_URL and exits. scripts/build-standalone.ts bundles it into the standalone folder as
 * `migrate.mjs`, run there with plain `node migrate.mjs` (the Dockerfile's migrate service, the smoke test,
 * a release command on Azure): the WebAssembly schema engine, no Prisma CLI, no tsx.
 *
 * The migrations are read from the folder this file is in (prisma/migrations beside it), the ones the
 * build's readiness check expects.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deployMigrations } from "../db/commands";
import { lastEnginePanic } from "../db/engine";

const url = process.env.DATABASE_URL?.trim();
if (!url) {
  console.error("DATABASE_URL is required: the PostgreSQL database to migrate.");
  process.exit(2);
}
const root = path.dirname(fileURLToPath(import.meta.url));
try {
  const applied = await deployMigrations(url, root);
  console.log(applied.length ? `Migrations applied: ${applied.join(", ")}` : "Migrations: up to date");
} catch (e) {
  const panic = lastEnginePanic();
  console.error(`Migrations failed: ${(e as Error)?.message ?? String(e)}${panic ? `\n${panic}` : ""}`);
  process.exit(1);
}
