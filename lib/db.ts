import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
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

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export function getDb(): PrismaClient {
  if (!globalForPrisma.prisma) {
    const adapter = new PrismaPg({ connectionString: databaseUrl(), max: getEnv().dbPoolMax, connectionTimeoutMillis: 5_000 });
    globalForPrisma.prisma = new PrismaClient({ adapter });
  }
  return globalForPrisma.prisma;
}

/** Closes the pool (tests and scripts; the server keeps it for its lifetime). */
export async function disconnectDb(): Promise<void> {
  const client = globalForPrisma.prisma;
  globalForPrisma.prisma = undefined;
  await client?.$disconnect();
}

/** A client or an open transaction: data functions accept either, so callers can compose them atomically. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** Runs `fn` in one database transaction. */
export function inTransaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return getDb().$transaction(fn, { maxWait: 5_000, timeout: 15_000 });
}
