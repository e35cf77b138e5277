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

/** Ready = the database answers and every migration of this build has been applied to it. */
export async function checkReadiness(): Promise<Readiness> {
  let applied: Set<string>;
  try {
    const rows = await getDb().$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (e) {
    // No migrations table yet means the database is reachable but empty.
    if (/_prisma_migrations/.test(String((e as Error)?.message))) return { ready: false, reason: "migrations-pending" };
    return { ready: false, reason: "database-unreachable" };
  }
  return expectedMigrations().every((m) => applied.has(m))
    ? { ready: true }
    : { ready: false, reason: "migrations-pending" };
}
