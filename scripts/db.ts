/**
 * npm run db:<command>: migrations without Prisma's native engine (see scripts/db/engine.ts).
 *
 *   db:deploy             apply pending migrations (npm start does this automatically)
 *   db:new <name>         write a migration for your schema.prisma changes, then regenerate the client
 *   db:diff               fail when schema.prisma and prisma/migrations disagree (CI runs it)
 *   db:status             compare the database with prisma/migrations
 *   db:reset [--force]    drop everything and re-apply every migration
 *
 * The database: --url <url>, else DATABASE_URL, else the embedded database (PGLITE_DIR), through the
 * running portal's socket when it is running.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import readline from "node:readline/promises";
import nextEnv from "@next/env";
import { ConfigError, getEnv } from "../lib/env";
import { createMigration, deployMigrations, migrationStatus, resetDatabase, schemaDrift } from "./db/commands";
import { lastEnginePanic } from "./db/engine";
import { findRunningEmbeddedDb } from "./embedded-db";

nextEnv.loadEnvConfig(process.cwd());

function targetUrl(args: string[]): string {
  const flag = args.indexOf("--url");
  if (flag >= 0 && args[flag + 1]) return args[flag + 1]!;
  const env = getEnv();
  if (env.databaseUrl) return env.databaseUrl;
  if (env.pgliteDir.startsWith("memory://"))
    throw new Error("PGLITE_DIR is in memory: there is no database to migrate outside the running portal.");
  const running = findRunningEmbeddedDb(env.pgliteDir);
  return running ? `postgresql://postgres:postgres@127.0.0.1:${running.port}/postgres` : `pglite:${env.pgliteDir}`;
}

const describe = (url: string) =>
  url.startsWith("pglite:") ? `embedded database ${url.slice(7)}` : url.replace(/\/\/[^@/]*@/, "//***@");

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case "deploy": {
      const url = targetUrl(args);
      const applied = await deployMigrations(url);
      console.log(
        applied.length
          ? `Applied to the ${describe(url)}: ${applied.join(", ")}`
          : `The ${describe(url)} is up to date.`,
      );
      return 0;
    }
    case "new": {
      const name = args.find((a) => !a.startsWith("-"));
      if (!name) {
        console.error("Usage: npm run db:new <name>   (e.g. npm run db:new add_usage_table)");
        return 2;
      }
      const created = await createMigration(name);
      if (!created) {
        console.log("schema.prisma and prisma/migrations already agree: no migration needed.");
        return 0;
      }
      for (const w of created.warnings) console.warn(`warning: ${w}`);
      console.log(`Created ${created.dir}/migration.sql`);
      // Offline: generate never runs the native engine, but the CLI would try to download it (see prisma.config.ts).
      const prisma = createRequire(import.meta.url).resolve("prisma/build/index.js");
      const gen = spawnSync(process.execPath, [prisma, "generate"], {
        stdio: "inherit",
        env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath },
      });
      if (gen.status !== 0) return gen.status ?? 1;
      console.log("Review the SQL, commit it, then `npm run db:deploy` (npm start applies it automatically).");
      return 0;
    }
    case "diff": {
      const sql = await schemaDrift();
      if (!sql) {
        console.log("schema.prisma and prisma/migrations agree.");
        return 0;
      }
      console.error("schema.prisma and prisma/migrations disagree. The missing migration would be:\n");
      console.error(sql);
      console.error("Run `npm run db:new <name>` to write it.");
      return 1;
    }
    case "status": {
      const url = targetUrl(args);
      const s = await migrationStatus(url);
      if (s.upToDate) {
        console.log(`The ${describe(url)} is up to date.`);
        return 0;
      }
      if (s.pending.length) console.log(`Pending (npm run db:deploy applies them): ${s.pending.join(", ")}`);
      if (s.failed.length) console.log(`Failed: ${s.failed.join(", ")}`);
      if (s.edited.length) console.log(`Edited after being applied: ${s.edited.join(", ")}`);
      if (s.unknown.length) console.log(`Applied but missing from prisma/migrations: ${s.unknown.join(", ")}`);
      return 1;
    }
    case "reset": {
      const url = targetUrl(args);
      const force = args.includes("--force");
      if (getEnv().isProduction && !force) {
        console.error("Refusing to reset in production mode without --force.");
        return 1;
      }
      if (!force && !(await confirm(`Drop every table of the ${describe(url)} and re-apply all migrations?`))) {
        console.error("Not reset. Pass --force to reset without asking.");
        return 1;
      }
      const applied = await resetDatabase(url);
      console.log(`Reset the ${describe(url)}; applied ${applied.join(", ")}`);
      return 0;
    }
    default:
      console.error("Usage: npm run db:<deploy|new|diff|status|reset> (see scripts/db.ts)");
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof ConfigError) console.error(e.message);
    else console.error(`${lastEnginePanic() ?? ""}\n${(e as Error)?.message ?? String(e)}`.trim());
    process.exit(1);
  },
);
