/**
 * The migration commands behind `npm run db:*`, usable from other scripts (the launcher deploys on
 * start, the tests deploy into their databases).
 */
import fs from "node:fs";
import path from "node:path";
import { Logger, runMigrations } from "graphile-worker";
import pg from "pg";
import { startEmbeddedDb } from "../embedded-db";
import { openEngine, type EngineContext } from "./engine";

async function withEngine<T>(
  url: string,
  root: string | undefined,
  fn: (ctx: EngineContext) => Promise<T>,
): Promise<T> {
  const ctx = await openEngine({ url, root });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

/**
 * Applies pending migrations (== `prisma migrate deploy`), then the job queue's own (Graphile Worker keeps
 * its schema `graphile_worker` up to date itself, idempotently). Returns the names Prisma applied.
 */
export async function deployMigrations(url: string, root?: string): Promise<string[]> {
  // Applying takes PostgreSQL's session-level advisory lock, even when there is nothing to apply. Behind a
  // transaction-mode PgBouncer the unlock can reach another server connection than the lock: the lock then
  // stays held in the pool, and every later instance's start waits on it for ever (found by bench/cluster.ts
  // with three instances). Reading the status takes no lock: an instance starting on an up-to-date database
  // (every scale-out and restart) never asks for it.
  if (!url.startsWith("pglite:") && (await migrationStatus(url, root)).upToDate) {
    await migrateJobQueue(url);
    return [];
  }
  const applied = await withEngine(url, root, async (ctx) => {
    const result = await ctx.engine.applyMigrations({ migrationsList: ctx.list(), filters: ctx.filters });
    return result.appliedMigrationNames;
  });
  await migrateJobQueue(url);
  return applied;
}

async function migrateJobQueue(url: string): Promise<void> {
  // Quiet: its migration log lines are per step; failures still throw.
  const migrate = (connectionString: string) =>
    runMigrations({ connectionString, logger: new Logger(() => () => undefined) });
  if (!url.startsWith("pglite:")) return migrate(url);
  // The schema engine opened PGlite inside this process; the queue's migrations speak the PostgreSQL
  // protocol, so the folder is served on a loopback port for them (a throwaway in-memory one has nothing to keep).
  const dir = url.slice("pglite:".length);
  if (dir === "memory" || dir.startsWith("memory://")) return;
  const db = await startEmbeddedDb({ dir, port: 0 });
  try {
    await migrate(db.url);
  } finally {
    await db.stop();
  }
}

export type MigrationStatus = {
  upToDate: boolean;
  pending: string[];
  failed: string[];
  edited: string[];
  /** Applied to the database but missing from prisma/migrations. */
  unknown: string[];
};

/** Compares the database's migration history with prisma/migrations (== `prisma migrate status`). */
export function migrationStatus(url: string, root?: string): Promise<MigrationStatus> {
  return withEngine(url, root, async (ctx) => {
    const list = ctx.list();
    try {
      const d = await ctx.engine.diagnoseMigrationHistory({
        migrationsList: list,
        optInToShadowDatabase: false,
        filters: ctx.filters,
      });
      const h = d.history;
      const pending = h && "unappliedMigrationNames" in h ? h.unappliedMigrationNames : [];
      const unknown = h && "unpersistedMigrationNames" in h ? h.unpersistedMigrationNames : [];
      const upToDate = !h && !d.failedMigrationNames.length && !d.editedMigrationNames.length;
      return { upToDate, pending, failed: d.failedMigrationNames, edited: d.editedMigrationNames, unknown };
    } catch (e) {
      // A fresh database has no _prisma_migrations table: everything is pending.
      if (!/_prisma_migrations/.test(String((e as Error)?.message))) throw e;
      const pending = list.migrationDirectories.map((m) => m.path);
      return { upToDate: pending.length === 0, pending, failed: [], edited: [], unknown: [] };
    }
  });
}

/**
 * The SQL that would take the migrations to the schema; empty when they agree. Runs on a throwaway
 * in-memory database, so it needs no running server.
 */
export function schemaDrift(root?: string): Promise<string> {
  return withEngine("pglite:memory", root, async (ctx) => {
    const list = ctx.list();
    const result = await ctx.engine.diff({
      // With no migrations yet, the engine cannot tell the connector from the folder: diff from empty.
      from: list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: ctx.schemaFiles },
      script: true,
      exitCode: null,
      filters: ctx.filters,
    });
    const sql = result.stdout ?? "";
    return /^\s*(--\s*This is an empty migration\.?\s*)?$/.test(sql) ? "" : sql;
  });
}

/**
 * Writes a new migration from the schema's changes (== `prisma migrate dev --create-only`), computed on
 * a throwaway in-memory database. Returns its folder, or undefined when there is nothing to migrate.
 */
export function createMigration(
  name: string,
  root?: string,
): Promise<{ dir: string; sql: string; warnings: string[] } | undefined> {
  if (!/^[a-z0-9_]+$/i.test(name))
    throw new Error(`Migration names use letters, digits and underscores only: "${name}".`);
  return withEngine("pglite:memory", root, async (ctx) => {
    const list = ctx.list();
    await ctx.engine.applyMigrations({ migrationsList: list, filters: ctx.filters });
    // The engine only computes a migration after a dev diagnostic on the same connection.
    await ctx.engine.devDiagnostic({ migrationsList: list, filters: ctx.filters });
    const loss = await ctx.engine.evaluateDataLoss({
      migrationsList: list,
      schema: { files: ctx.schemaFiles },
      filters: ctx.filters,
    });
    const warnings = [...loss.warnings, ...loss.unexecutableSteps].map((w) => w.message);
    const created = await ctx.engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList: list,
      schema: { files: ctx.schemaFiles },
      filters: ctx.filters,
    });
    if (created.migrationScript == null) return undefined;
    const dir = path.join(ctx.migrationsDir, created.generatedMigrationName);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `migration.${created.extension}`), created.migrationScript);
    const lock = path.join(ctx.migrationsDir, "migration_lock.toml");
    if (!fs.existsSync(lock)) {
      fs.writeFileSync(
        lock,
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${created.connectorType}"\n`,
      );
    }
    return { dir, sql: created.migrationScript, warnings };
  });
}

/** Drops every table and the job queue, and re-applies all migrations (== `prisma migrate reset`). */
export async function resetDatabase(url: string, root?: string): Promise<string[]> {
  const applied = await withEngine(url, root, async (ctx) => {
    await ctx.engine.reset({ filter: ctx.filters });
    const result = await ctx.engine.applyMigrations({ migrationsList: ctx.list(), filters: ctx.filters });
    return result.appliedMigrationNames;
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS graphile_worker CASCADE");
  } finally {
    await client.end();
  }
  await migrateJobQueue(url);
  return applied;
}
