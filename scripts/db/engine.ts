/**
 * Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven through a
 * Prisma driver adapter. It replaces `prisma migrate` / `prisma db`, whose native engine is a download
 * that is unreachable here (and from many corporate networks). The `_prisma_migrations` table it writes
 * is the one the native engine writes, so both can be used on the same database.
 *
 * Adapted from ../shared/recipe/scripts/prisma-wasm.mjs; each workaround below says which engine or
 * adapter bug it avoids.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { pgliteExtensions } from "../pglite-options";

const require = createRequire(import.meta.url);

type SqlQuery = { sql: string; args: unknown[]; argTypes: unknown[] };
type SqlAdapter = {
  dispose(): Promise<void>;
  executeScript(sql: string): Promise<void>;
  executeRaw(q: SqlQuery): Promise<number>;
  queryRaw(q: SqlQuery): Promise<{ rows: unknown[][] }>;
};
type AdapterFactory = {
  provider: string;
  adapterName: string;
  connect(): Promise<SqlAdapter>;
  connectToShadowDb(): Promise<SqlAdapter>;
};

export type EngineContext = {
  engine: SchemaEngine;
  url: string;
  schemaFiles: { path: string; content: string }[];
  migrationsDir: string;
  filters: { externalTables: string[]; externalEnums: string[] };
  list(): MigrationList;
  /** Fails early when no shadow database can be made: inside the engine such a failure aborts the wasm instance. */
  checkShadow(): Promise<void>;
  close(): Promise<void>;
};

let engineModule: Promise<typeof import("@prisma/schema-engine-wasm")> | undefined;

function loadSchemaEngineWasm(): Promise<typeof import("@prisma/schema-engine-wasm")> {
  engineModule ??= (async () => {
    // The engine reports Rust panics through this global (the Prisma CLI defines it too).
    const g = globalThis as {
      PRISMA_WASM_PANIC_REGISTRY?: { message: string; set_message(m: string): void; get(): string };
    };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      message: "",
      set_message(m) {
        this.message = `RuntimeError: ${m}`;
      },
      get() {
        return this.message;
      },
    };
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import(pathToFileURL(bgPath).href)) as Record<string, unknown> &
      typeof import("@prisma/schema-engine-wasm") & { __wbg_set_wasm(exports: WebAssembly.Exports): void };
    const wasm = new WebAssembly.Module(fs.readFileSync(path.join(path.dirname(bgPath), "schema_engine_bg.wasm")));
    // The engine arms 60 s timers; unref them so that a finished command exits at once.
    const imports: Record<string, unknown> = { ...bg };
    for (const [name, fn] of Object.entries(bg)) {
      if (name.startsWith("__wbg_setTimeout_") && typeof fn === "function") {
        imports[name] = (...args: unknown[]) => {
          const timer = (fn as (...a: unknown[]) => { unref?: () => void } | undefined)(...args);
          timer?.unref?.();
          return timer;
        };
      }
    }
    const instance = new WebAssembly.Instance(wasm, { "./schema_engine_bg.js": imports as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bg;
  })();
  return engineModule;
}

/** The engine's panic message, if the last failure was a panic. */
export function lastEnginePanic(): string | undefined {
  return (
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message: string } }).PRISMA_WASM_PANIC_REGISTRY?.message ||
    undefined
  );
}

async function postgresFactory(url: string): Promise<AdapterFactory> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const adapterRequire = createRequire(require.resolve("@prisma/adapter-pg"));
  const pg = adapterRequire("pg") as typeof import("pg");
  const { parse } = adapterRequire("pg-connection-string") as {
    parse(url: string): Record<string, string | null | undefined>;
  };
  // Workaround: the engine reads pg_catalog columns of type "char" (OID 18, e.g. pg_constraint.contype),
  // which @prisma/adapter-pg cannot deserialize. Report them as text (OID 25).
  class CharAsTextClient extends pg.Client {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors pg's overloaded signature
    override query(config: any, values?: any, callback?: any): any {
      const fix = (r: { fields?: { dataTypeID: number }[] } | undefined) => {
        for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
        return r;
      };
      if (typeof values === "function") [callback, values] = [values, undefined];
      if (typeof callback === "function")
        return super.query(config, values, (err: Error | null, r: { fields?: { dataTypeID: number }[] }) =>
          callback(err, err ? r : fix(r)),
        );
      const result = super.query(config, values);
      return result && typeof result.then === "function" ? result.then(fix) : result;
    }
  }
  // Workaround: pass discrete fields, not `connectionString`: PrismaPg's shadow database does
  // `new Pool({ ...config, database })` and pg lets connectionString override `database`, so the
  // "shadow" database would silently be the main one.
  const { options: _options, ...fields } = parse(url);
  const config = Object.fromEntries(
    Object.entries({ ...fields, port: fields.port ? Number(fields.port) : undefined }).filter(
      ([, v]) => v !== undefined && v !== null,
    ),
  );
  const make = (extra: Record<string, unknown> = {}) =>
    new PrismaPg({ ...config, ...extra, Client: CharAsTextClient } as ConstructorParameters<typeof PrismaPg>[0]);
  // Workaround: PrismaPg's executeScript cuts a migration at every ";" (also inside a function body or a
  // string) and sends the pieces one by one. The native engine sends the script whole, and so does this: one
  // query without parameters (the simple protocol, where a script may hold many statements; PostgreSQL runs
  // them as one implicit transaction), with the adapter's own error mapping.
  const wholeScripts = (adapter: SqlAdapter): SqlAdapter => {
    adapter.executeScript = async (script) => void (await adapter.executeRaw({ sql: script, args: [], argTypes: [] }));
    return adapter;
  };
  const base = make();
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => wholeScripts((await base.connect()) as SqlAdapter),
    // Workaround: PrismaPg's own shadow cleanup drops the database before closing its pool
    // ("database is being accessed by other users"); this one closes first.
    async connectToShadowDb() {
      const admin = (await base.connect()) as SqlAdapter;
      const name = `prisma_shadow_${globalThis.crypto.randomUUID().replaceAll("-", "")}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = wholeScripts((await make({ database: name }).connect()) as SqlAdapter);
      // Safety: a server that ignores the database name (PGlite's socket server does) would hand us the
      // MAIN database as "shadow", which the engine then wipes. Refuse unless it really is the new one.
      const current = await shadow.queryRaw({ sql: "SELECT current_database()::text", args: [], argTypes: [] });
      if (current.rows[0]?.[0] !== name) {
        await shadow.dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`).catch(() => {});
        await admin.dispose();
        throw new Error(
          `This server cannot create a scratch database (it answered from "${String(current.rows[0]?.[0])}"). Diffs and new migrations run on a throwaway in-memory database instead: use --url pglite:memory.`,
        );
      }
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

async function pgliteFactory(
  location: string,
  baseDir: string,
): Promise<{ factory: AdapterFactory; close(): Promise<void> }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const dir = location === "memory" || location === "" ? undefined : path.resolve(baseDir, location);
  if (dir) fs.mkdirSync(path.dirname(dir), { recursive: true });
  const db = await PGlite.create({ dataDir: dir, extensions: pgliteExtensions });
  const shadows: { close(): Promise<void> }[] = [];
  const base = new PrismaPGlite(db) as unknown as AdapterFactory;
  const factory: AdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    // Workaround: the adapter's own shadow database is a PGlite without extensions, where a migration
    // that creates one (pg_trgm) fails. This one has them.
    async connectToShadowDb() {
      const shadow = await PGlite.create({ extensions: pgliteExtensions });
      shadows.push(shadow);
      return (new PrismaPGlite(shadow) as unknown as AdapterFactory).connect();
    },
  };
  return {
    factory,
    async close() {
      for (const shadow of shadows) await shadow.close().catch(() => {});
      await db.close();
    },
  };
}

/**
 * Opens the engine on a database. URL forms: `postgresql://…` (a server, or the embedded database's
 * socket) and `pglite:<dir>` / `pglite:memory` (PGlite in this process).
 */
export async function openEngine(options: { url: string; root?: string }): Promise<EngineContext> {
  const root = options.root ?? process.cwd();
  const schemaPath = path.join(root, "prisma", "schema.prisma");
  const migrationsDir = path.join(root, "prisma", "migrations");
  const schemaFiles = [{ path: schemaPath, content: fs.readFileSync(schemaPath, "utf8") }];
  const { url } = options;
  let factory: AdapterFactory;
  let closeDriver = async () => {};
  if (/^postgres(ql)?:\/\//.test(url)) factory = await postgresFactory(url);
  else if (url.startsWith("pglite:"))
    ({ factory, close: closeDriver } = await pgliteFactory(url.slice("pglite:".length), root));
  else
    throw new Error(
      `Unsupported database URL (expected postgresql://… or pglite:<dir>): ${url.replace(/\/\/[^@]*@/, "//***@")}`,
    );

  // Track connections so that close() ends their pools (otherwise Node waits for pg's idle timeout).
  const opened: SqlAdapter[] = [];
  const tracked: AdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
  const se = await loadSchemaEngineWasm();
  const debug = process.env.PRISMA_WASM_DEBUG ? (line: string) => console.error("[schema-engine]", line) : () => {};
  const engine = await se.SchemaEngine.new(
    { datamodels: schemaFiles.map((f) => [f.path, f.content] as [string, string]) },
    debug,
    bindMigrationAwareSqlAdapterFactory(
      tracked as unknown as Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0],
    ),
  );
  return {
    engine,
    url,
    schemaFiles,
    migrationsDir,
    filters: { externalTables: [], externalEnums: [] },
    list: () => listMigrations(migrationsDir),
    async checkShadow() {
      if (!/^postgres(ql)?:/.test(url)) return;
      const shadow = await factory.connectToShadowDb();
      await shadow.dispose();
    },
    async close() {
      engine.free();
      for (const adapter of opened) await adapter.dispose().catch(() => {});
      await closeDriver();
    },
  };
}

/** Reads the migrations folder the way the Prisma CLI does. */
export function listMigrations(dir: string): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : [];
  const migrationDirectories = entries
    .filter((e) => e.isDirectory())
    .map((e) => {
      const file = path.join(dir, e.name, "migration.sql");
      const content = fs.existsSync(file)
        ? { tag: "ok" as const, value: fs.readFileSync(file, "utf8") }
        : { tag: "error" as const, value: `missing ${file}` };
      return { path: e.name, migrationFile: { path: "migration.sql", content } };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    migrationDirectories,
    shadowDbInitScript: "",
  };
}
