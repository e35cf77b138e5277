/**
 * The benchmark's database: its own embedded PGlite in a temporary folder (the portal's default database,
 * served later by `npm start` exactly as for a user), or a PostgreSQL server given by URL. Either way it
 * is migrated with the portal's migrations and seeded with `rows` subscriptions.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { deployMigrations } from "../../scripts/db/commands";
import { startEmbeddedDb } from "../../scripts/embedded-db";
import { seedSubscriptions } from "./seed-subscriptions";

export type BenchDatabase = { url?: string; pgliteDir?: string; seededIn: number; cleanup(): void };

async function countSubscriptions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Subscription"`)).rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

async function migrateAndSeed(url: string, rows: number, log: (line: string) => void): Promise<number> {
  await deployMigrations(url);
  const existing = await countSubscriptions(url);
  if (existing === rows) {
    log(`database already holds ${rows} subscriptions: reusing them`);
    return 0;
  }
  if (existing > 0)
    throw new Error(
      `The database already holds ${existing} subscriptions. The bench seeds only an empty database (or one it seeded with --rows ${existing}).`,
    );
  const started = Date.now();
  await seedSubscriptions(url, rows, { onProgress: (n) => n % 20_000 === 0 && log(`seeded ${n}`) });
  const ms = Date.now() - started;
  log(`seeded ${rows} subscriptions in ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

/**
 * Prepares the database. Embedded: PGlite is opened here only to migrate and seed, then closed, so that
 * the portal's launcher can open the folder itself (one process per folder).
 */
export async function prepareBenchDatabase(options: {
  databaseUrl?: string;
  pgliteDir?: string;
  rows: number;
  log: (line: string) => void;
}): Promise<BenchDatabase> {
  if (options.databaseUrl) {
    const seededIn = await migrateAndSeed(options.databaseUrl, options.rows, options.log);
    return { url: options.databaseUrl, seededIn, cleanup: () => {} };
  }
  const own = !options.pgliteDir;
  const dir = options.pgliteDir ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-")), "pglite");
  const db = await startEmbeddedDb({ dir, port: 0 });
  let seededIn: number;
  try {
    seededIn = await migrateAndSeed(db.url, options.rows, options.log);
  } finally {
    await db.stop();
  }
  return {
    pgliteDir: dir,
    seededIn,
    cleanup: () => own && fs.rmSync(path.dirname(dir), { recursive: true, force: true }),
  };
}
