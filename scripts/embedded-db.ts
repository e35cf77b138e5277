/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) served over the PostgreSQL wire
 * protocol on loopback, so that the portal, migrations and scripts all connect the way they connect to
 * a PostgreSQL server. One process may open a data folder at a time; a lock file next to the folder
 * tells other commands (npm run db:*) which port to use instead of opening it themselves.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { pgliteExtensions } from "./pglite-options";
import { SessionQueue } from "./pglite-session-queue";

export type EmbeddedDb = {
  url: string;
  port: number;
  dir: string;
  /** A compressed copy of the whole database (tests clone a migrated template this way). */
  dump(): Promise<Blob>;
  /** Refreshes the query planner's statistics: PGlite has no autovacuum to do it. */
  analyze(): Promise<void>;
  stop(): Promise<void>;
};

type LockInfo = { pid: number; port: number };

const isMemory = (dir: string) => dir.startsWith("memory://");
const lockPath = (dir: string) => `${path.resolve(dir)}.lock.json`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** If another process serves this data folder, where it listens. */
export function findRunningEmbeddedDb(dir: string): LockInfo | undefined {
  if (isMemory(dir)) return undefined;
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dir), "utf8")) as LockInfo;
    return isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export function embeddedDbUrl(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
}

/** Starts PGlite on `dir` (a folder, or `memory://`) and serves it on 127.0.0.1:`port` (0 = any free port). */
export async function startEmbeddedDb(options: {
  dir: string;
  port: number;
  maxConnections?: number;
  loadDataDir?: Blob;
}): Promise<EmbeddedDb> {
  const { dir } = options;
  const running = findRunningEmbeddedDb(dir);
  if (running) {
    throw new Error(
      `The embedded database in ${dir} is already open in process ${running.pid} (port ${running.port}). ` +
        "Is the portal already running? Stop it first, or set PGLITE_DIR to another folder.",
    );
  }
  if (!isMemory(dir)) fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({
    dataDir: isMemory(dir) ? undefined : dir,
    loadDataDir: options.loadDataDir,
    extensions: pgliteExtensions,
  });
  // Connections above the portal's pool size (DB_POOL_MAX) plus migrations and scripts.
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port,
    maxConnections: options.maxConnections ?? 100,
  });
  // The server's own scheduler interleaves clients inside PGlite's single session (see pglite-session-queue.ts).
  // It hands `queryQueue` to every connection it accepts; replacing it before start() is the whole fix.
  const internals = server as unknown as { queryQueue: unknown };
  if (!("queryQueue" in internals))
    throw new Error(
      "@electric-sql/pglite-socket changed: its queryQueue is gone. Re-check scripts/pglite-session-queue.ts.",
    );
  internals.queryQueue = new SessionQueue(db);
  try {
    await server.start();
  } catch (e) {
    await db.close();
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `Port ${options.port} is taken, so the embedded database cannot listen on it. Set PGLITE_PORT to a free port.`,
      );
    }
    throw e;
  }
  const port = Number(server.getServerConn().split(":").pop());
  if (!isMemory(dir)) fs.writeFileSync(lockPath(dir), JSON.stringify({ pid: process.pid, port } satisfies LockInfo));
  let stopped = false;
  return {
    url: embeddedDbUrl(port),
    port,
    dir,
    dump: () => db.dumpDataDir("gzip"),
    analyze: async () => {
      await db.exec("ANALYZE");
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      if (!isMemory(dir)) fs.rmSync(lockPath(dir), { force: true });
    },
  };
}
