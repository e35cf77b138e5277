import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { getEnv } from "./env";

/**
 * The Prisma client, one per process. The same driver (node-postgres through PrismaPg) for both
 * databases: a PostgreSQL server in production, and locally the embedded PGlite that scripts/start.ts
 * serves over the PostgreSQL protocol on loopback.
 */
export function databaseUrl(): string {
  const env = getEnv();
  return env.databaseUrl ?? `postgresql://postgres:postgres@127.0.0.1:${env.pglitePort}/postgres`;
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pool?: pg.Pool; embedded?: Promise<boolean> };

export function getDb(): PrismaClient {
  if (!globalForPrisma.prisma) {
    // Our own pool, shared with Prisma, so that queryDirect can use it too. Idle connections are kept a
    // minute (node-postgres closes them after 10 s): webhooks come in bursts, and a new connection costs
    // PostgreSQL a process and the prepared statements again.
    const pool = new pg.Pool({
      connectionString: databaseUrl(),
      max: getEnv().dbPoolMax,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 60_000,
    });
    globalForPrisma.pool = pool;
    globalForPrisma.embedded = undefined;
    globalForPrisma.prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  }
  return globalForPrisma.prisma;
}

/** Closes the pool (tests and scripts; the server keeps it for its lifetime). */
export async function disconnectDb(): Promise<void> {
  const client = globalForPrisma.prisma;
  globalForPrisma.prisma = undefined;
  globalForPrisma.pool = undefined;
  await client?.$disconnect();
}

/** A client or an open transaction: data functions accept either, so callers can compose them atomically. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** Runs `fn` in one database transaction. */
export function inTransaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return getDb().$transaction(fn, { maxWait: 5_000, timeout: 15_000 });
}

/**
 * Runs a raw statement straight on node-postgres, as a named prepared statement where that is safe: the
 * webhook's two statements per delivery (lib/data/deliveries.ts, lib/data/webhook-sync.ts). Through
 * Prisma each cost about 0.15 ms of the portal's CPU in the engine's parameter and row mapping, and
 * PostgreSQL planned them anew every time (0.3 and 0.12 ms, pg_stat_statements under bench/webhook.ts);
 * prepared, PostgreSQL switches to a cached generic plan after a few executions. The name is a hash of
 * the text, so a different text (another number of audit entries) is another statement.
 *
 * Inside a transaction (`db` is not the root client) it goes through Prisma, on the transaction's
 * connection. Rows come back as $queryRaw returns them for the types these statements use: timestamp
 * columns as Dates read as UTC (Prisma's convention; node-postgres alone reads them as local time), jsonb
 * parsed, int4 as numbers.
 */
export async function queryDirect<T>(db: Db, sql: Prisma.Sql): Promise<T[]> {
  const pool = globalForPrisma.pool;
  if (db !== globalForPrisma.prisma || !pool) return db.$queryRaw<T[]>(sql);
  const name = (await namedStatementsAllowed().catch(() => false))
    ? `portal_${createHash("sha1").update(sql.text).digest("base64url")}`
    : undefined;
  const result = await pool.query<T & pg.QueryResultRow>({
    name,
    text: sql.text,
    values: sql.values,
    types: UTC_TIMESTAMPS,
  });
  return result.rows;
}

/**
 * Named statements live in the server session. The embedded database serves every connection from one
 * PGlite session (scripts/embedded-db.ts), where two connections preparing the same name collide, so
 * they are used only on a PostgreSQL server, and only if DB_PREPARED_STATEMENTS allows (poolers).
 */
async function namedStatementsAllowed(): Promise<boolean> {
  return getEnv().dbPreparedStatements && !(await isEmbeddedDatabase());
}

/** Whether the database is the embedded PGlite (one session shared by every connection), asked once. */
export function isEmbeddedDatabase(): Promise<boolean> {
  getDb();
  const pool = globalForPrisma.pool!;
  globalForPrisma.embedded ??= pool.query<{ v: string }>("SELECT version() AS v").then(
    (r) => /PGlite/i.test(r.rows[0]?.v ?? ""),
    (e: unknown) => {
      globalForPrisma.embedded = undefined; // ask again next time
      throw e;
    },
  );
  return globalForPrisma.embedded;
}

const TIMESTAMP_OID = 1114;
const TIMESTAMP_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/;
const UTC_TIMESTAMPS = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID)
      return (value: string) => (TIMESTAMP_TEXT.test(value) ? new Date(`${value.replace(" ", "T")}Z`) : value);
    return pg.types.getTypeParser(oid, format ?? "text");
  },
} as pg.CustomTypesConfig;
