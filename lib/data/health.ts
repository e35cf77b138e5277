import "server-only";
import fs from "node:fs";
import path from "node:path";
import { getDb } from "@/lib/db";

export type Readiness = { ready: true } | { ready: false; reason: "database-unreachable" | "migrations-pending" };

/** Migrations this build expects: the folders of prisma/migrations. */
function expectedMigrations(): string[] {
  const dir = path.join(process.cwd(), "prisma", "migrations");
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
}

export type MigrationStatus =
  { reachable: false; reason: string } | { reachable: true; applied: number; pending: string[] };

/**
 * The database answers, and which migrations of this build it still lacks (by folder name, in order). The
 * reason for an unreachable database is the driver's error code or class only: its message may name the host.
 */
export async function getMigrationStatus(): Promise<MigrationStatus> {
  let applied: Set<string>;
  try {
    const rows = await getDb().$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (e) {
    // No migrations table yet means the database is reachable but empty.
    if (/_prisma_migrations/.test(String((e as Error)?.message))) applied = new Set();
    else return { reachable: false, reason: errorCode(e) };
  }
  const expected = expectedMigrations().sort();
  return { reachable: true, applied: applied.size, pending: expected.filter((m) => !applied.has(m)) };
}

/** The driver adapter's kind of failure (DatabaseNotReachable, AuthenticationFailed, DatabaseDoesNotExist, …). */
function errorCode(e: unknown): string {
  const kind = (e as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } })?.meta?.driverAdapterError
    ?.cause?.kind;
  if (typeof kind === "string") return kind;
  const code = (e as { code?: unknown })?.code;
  return typeof code === "string" ? code : e instanceof Error ? e.name : "unknown";
}

/** Ready = the database answers and every migration of this build has been applied to it. */
export async function checkReadiness(): Promise<Readiness> {
  const status = await getMigrationStatus();
  if (!status.reachable) return { ready: false, reason: "database-unreachable" };
  return status.pending.length ? { ready: false, reason: "migrations-pending" } : { ready: true };
}
