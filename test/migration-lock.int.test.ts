import pg from "pg";
import { describe, expect, it } from "vitest";
import { deployMigrations } from "../scripts/db/commands";

// Found by bench/cluster.ts --pgbouncer: behind a transaction-mode PgBouncer, the first instance's start left
// Prisma's migration lock (a session-level advisory lock) held on a pooled server connection, and the second
// instance's `npm start` waited on it for ever. Starting on an up-to-date database must not ask for the lock.
// (On PGlite every connection shares one session, so the lock below never blocks there; the PostgreSQL step
// of `npm test` is where this test can fail.)

/** Prisma's schema engine's migration lock id (its `pg_advisory_lock` argument). */
const PRISMA_MIGRATE_LOCK = 72707369;

describe("deploying migrations on an up-to-date database", () => {
  it("returns while another session holds the migration lock (a lock leaked by a pooler)", async () => {
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock($1)`, [PRISMA_MIGRATE_LOCK]);
      const outcome = await Promise.race([
        deployMigrations(process.env.DATABASE_URL!),
        new Promise<"blocked">((resolve) => setTimeout(() => resolve("blocked"), 20_000).unref()),
      ]);
      expect(outcome).toEqual([]);
    } finally {
      await holder.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      await holder.end();
    }
  });
});
