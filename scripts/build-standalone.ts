/**
 * `npm run build:standalone`: the production build as one self-contained folder, `.next/standalone`, that
 * runs with plain `node` (no npm, no tsx, no source tree). The Dockerfile copies it and the smoke test
 * (scripts/test/smoke.ts) runs it, so what is tested is what ships.
 *
 *   node server.js     the portal (Next.js's standalone server; its node_modules are the traced ones)
 *   node migrate.mjs   the release step: Prisma's and the job queue's migrations (WebAssembly engine)
 *   node worker.mjs    the job queue in a process of its own (as `npm run worker`)
 *
 * Next.js leaves out what its tracer cannot see: the static assets, public/, and what only the two
 * bundled entries need (the migrations and the schema engine's WebAssembly). Pass --no-next to reuse the
 * last `next build`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { build, type BuildOptions } from "esbuild";
import { STANDALONE_DIR } from "./release/commands";

const out = STANDALONE_DIR;

/** Already in the traced node_modules (the server uses them): the bundles load them from there. */
const TRACED_PACKAGES = [
  "pg",
  "pg-native",
  "graphile-worker",
  "@prisma/adapter-pg",
  "@prisma/client",
  "@prisma/driver-adapter-utils",
  "@azure/msal-node",
  "pino",
  "pino-pretty",
  "thread-stream",
];

function copy(from: string, to: string) {
  if (!fs.existsSync(from)) return;
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true, dereference: true });
}

const shared: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // Bundled CommonJS packages use require() and __dirname; ESM output has neither unless given them.
  banner: {
    js: [
      "import { createRequire as __portalRequire } from 'node:module';",
      "import { fileURLToPath as __portalPath } from 'node:url';",
      "const require = __portalRequire(import.meta.url);",
      "const __filename = __portalPath(import.meta.url);",
      "const __dirname = __portalPath(new URL('.', import.meta.url));",
    ].join(" "),
  },
  external: TRACED_PACKAGES,
  logLevel: "warning",
  legalComments: "none",
};

async function main() {
  if (!process.argv.includes("--no-next")) {
    const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      stdio: "inherit",
      env: {
        ...process.env,
        PORTAL_STANDALONE_BUILD: "1",
        NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
      },
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  if (!fs.existsSync(path.join(out, "server.js")))
    throw new Error(`${out}/server.js is missing: is output "standalone" set?`);
  // Traced through cosmiconfig (graphile-worker's configuration loader), which requires it only to read a
  // TypeScript configuration file: there is none, and it is a fifth of the folder.
  fs.rmSync(path.join(out, "node_modules", "typescript"), { recursive: true, force: true });
  copy(path.join(".next", "static"), path.join(out, ".next", "static"));
  copy("public", path.join(out, "public"));
  copy(path.join("prisma", "migrations"), path.join(out, "prisma", "migrations"));
  copy(path.join("prisma", "schema.prisma"), path.join(out, "prisma", "schema.prisma"));
  // Whole, over the traced copies (which hold only the files the server's ESM imports reach): the migration
  // engine loads the WebAssembly file beside its glue, and the adapter through require().
  for (const pkg of ["@prisma/schema-engine-wasm", "@prisma/adapter-pg", "@prisma/driver-adapter-utils"])
    copy(path.join("node_modules", pkg), path.join(out, "node_modules", pkg));
  await build({ ...shared, entryPoints: ["scripts/release/migrate.ts"], outfile: path.join(out, "migrate.mjs") });
  // The react-server condition resolves `server-only` to its empty module, as Next.js does for server code.
  await build({
    ...shared,
    entryPoints: ["scripts/worker.ts"],
    outfile: path.join(out, "worker.mjs"),
    conditions: ["react-server"],
  });
  console.log(`Standalone build ready in ${out}: node server.js · node migrate.mjs · node worker.mjs`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
