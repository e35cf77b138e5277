import { defineConfig } from "prisma/config";

// `prisma generate` never runs the native schema engine, but the CLI still tries to download it.
// Pointing it at an existing file keeps `npm install` offline-safe. Migrations never use this
// binary: they run through Prisma's WebAssembly schema engine (scripts/db.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
