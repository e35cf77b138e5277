/**
 * The migration workflow as a developer runs it: the real `scripts/db.ts` commands in a scratch copy of
 * the project's prisma/ folder. Proves that db:new writes a migration that db:deploy applies, and that
 * db:diff fails whichever side (schema or migrations) is ahead.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const repo = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(repo, "node_modules", "tsx", "dist", "cli.mjs");
let work: string;

function db(...args: string[]) {
  const result = spawnSync(process.execPath, [tsx, path.join(repo, "scripts", "db.ts"), ...args], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: path.join(work, "pglite") },
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const schemaPath = () => path.join(work, "prisma", "schema.prisma");
const migrations = () => fs.readdirSync(path.join(work, "prisma", "migrations")).filter((n) => !n.endsWith(".toml"));

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migrations-"));
  fs.cpSync(path.join(repo, "prisma"), path.join(work, "prisma"), { recursive: true });
  fs.copyFileSync(path.join(repo, "prisma.config.ts"), path.join(work, "prisma.config.ts"));
  // db:new regenerates the client, which loads prisma.config.ts and therefore needs the packages.
  fs.symlinkSync(path.join(repo, "node_modules"), path.join(work, "node_modules"), "dir");
});

describe("migrations workflow", () => {
  it("db:diff passes when the committed migrations match the schema", () => {
    const { code, out } = db("diff");
    expect(out).toContain("agree");
    expect(code).toBe(0);
  });

  it("db:diff fails when the schema is ahead of the migrations, showing the missing SQL", () => {
    fs.appendFileSync(
      schemaPath(),
      `\nmodel Widget {\n  id    Int    @id @default(autoincrement())\n  label String\n}\n`,
    );
    const { code, out } = db("diff");
    expect(code).toBe(1);
    expect(out).toContain('CREATE TABLE "Widget"');
    expect(out).toContain("npm run db:new");
  });

  it("db:new writes the migration, and db:diff then passes", () => {
    const before = migrations();
    const created = db("new", "add_widget");
    expect(created.code).toBe(0);
    const added = migrations().filter((m) => !before.includes(m));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^\d{14}_add_widget$/);
    expect(fs.readFileSync(path.join(work, "prisma", "migrations", added[0]!, "migration.sql"), "utf8")).toContain(
      'CREATE TABLE "Widget"',
    );
    expect(fs.readFileSync(path.join(work, "generated", "prisma", "models", "Widget.ts"), "utf8")).toContain("Widget");
    expect(db("diff").code).toBe(0);
  });

  it("db:deploy applies every migration, including the new one, and db:status agrees", () => {
    expect(db("status").code).toBe(1);
    const deployed = db("deploy");
    expect(deployed.code).toBe(0);
    expect(deployed.out).toContain("add_widget");
    const status = db("status");
    expect(status.out).toContain("up to date");
    expect(status.code).toBe(0);
    expect(db("deploy").out).toContain("up to date");
  });

  it("db:diff fails when the migrations are ahead of the schema", () => {
    fs.writeFileSync(schemaPath(), fs.readFileSync(schemaPath(), "utf8").replace(/\nmodel Widget \{[^}]*\}\n/, "\n"));
    const { code, out } = db("diff");
    expect(code).toBe(1);
    expect(out).toContain('DROP TABLE "Widget"');
  });
});
