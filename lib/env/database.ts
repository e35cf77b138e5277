import { z } from "zod";
import { bool, optionalText, refuse, whenWellFormed, withPortalMode } from "./shared";

/** The database: a PostgreSQL server, or (local mode) the embedded one. */
const variables = withPortalMode.extend({
  /** PostgreSQL server URL. Unset in local mode: the embedded database (PGlite) is used. */
  DATABASE_URL: optionalText,
  /** Connections per portal process. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Named (server-side prepared) statements for the webhook's hot statements; `false` behind a pooler that cannot keep them. */
  DB_PREPARED_STATEMENTS: bool.default(true),
  /** Folder of the embedded database (local mode); `memory://` keeps it in memory. */
  PGLITE_DIR: z.string().default(".data/pglite"),
  /** Loopback port on which the embedded database speaks the PostgreSQL protocol (0: any free port). */
  PGLITE_PORT: z.coerce.number().int().min(0).max(65535).default(5433),
});

const toDatabase = (v: z.output<typeof variables>) => ({
  /** Undefined locally until the embedded database is started (scripts/start.ts sets it). */
  databaseUrl: v.DATABASE_URL,
  dbPoolMax: v.DB_POOL_MAX,
  /** Off on the embedded database regardless (lib/db.ts: one session shared by every connection). */
  dbPreparedStatements: v.DB_PREPARED_STATEMENTS,
  pgliteDir: v.PGLITE_DIR,
  pglitePort: v.PGLITE_PORT,
});

function refusals(v: z.output<typeof variables>): string[] {
  if (v.PORTAL_MODE !== "production") return [];
  if (!v.DATABASE_URL)
    return ["DATABASE_URL is required: production runs on a PostgreSQL server (the embedded database is local-only)."];
  if (!/^postgres(ql)?:\/\//.test(v.DATABASE_URL)) return ["DATABASE_URL must be a postgresql:// URL."];
  return [];
}

export const ZDatabaseSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform(toDatabase);
