import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZEnv } from "./index";

/**
 * The schema is the one list of settings: operators learn them from README.md's configuration table and
 * .env.example, so a variable missing from either (or documented but never read) is a defect.
 */

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

/** The variables the combined schema reads: its sections are joined with `.and()`, each a z.object piped into its transform. */
function variablesOf(schema: z.core.$ZodType): string[] {
  if (schema instanceof z.ZodIntersection) return [...variablesOf(schema.def.left), ...variablesOf(schema.def.right)];
  if (schema instanceof z.ZodPipe) return variablesOf(schema.def.in);
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  throw new Error(`Unexpected schema kind in the configuration: ${schema._zod.def.type}`);
}

/** README.md → Configuration: the names in each row's first cell; rows whose meaning starts "tests only" apart. */
function readmeTable(): { settings: Set<string>; testsOnly: Set<string> } {
  const section =
    read("README.md")
      .split(/^## Configuration$/m)[1]
      ?.split(/^## /m)[0] ?? "";
  const settings = new Set<string>();
  const testsOnly = new Set<string>();
  for (const row of section.split("\n").filter((line) => line.startsWith("| `"))) {
    const cells = row.split(" | ");
    const names = [...(cells[0] ?? "").matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!);
    for (const name of names) (cells.at(-1)?.startsWith("tests only") ? testsOnly : settings).add(name);
  }
  return { settings, testsOnly };
}

/** .env.example: every `NAME=` line, commented-out examples included. */
function envExample(): Set<string> {
  return new Set([...read(".env.example").matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
}

const schemaVariables = new Set(variablesOf(ZEnv));
const minus = (a: Set<string>, b: Iterable<string>) => [...a].filter((name) => ![...b].includes(name)).sort();

describe("the configuration schema is the one list of settings", () => {
  it("reads a plausible list (the walk found the sections)", () => {
    expect(schemaVariables.size).toBeGreaterThan(30);
    expect(schemaVariables).toContain("PORTAL_MODE");
    expect(schemaVariables).toContain("WEBHOOK_PLAN_RULES");
  });

  it("every variable it reads is in the README's configuration table, and the table names nothing else but tests-only variables", () => {
    const { settings, testsOnly } = readmeTable();
    expect(minus(schemaVariables, settings)).toEqual([]);
    expect(minus(settings, schemaVariables)).toEqual([]);
    expect([...testsOnly].filter((name) => schemaVariables.has(name))).toEqual([]);
  });

  it("every variable it reads is in .env.example, and the example lists nothing else but the README's tests-only variables", () => {
    const example = envExample();
    expect(minus(schemaVariables, example)).toEqual([]);
    expect(minus(example, [...schemaVariables, ...readmeTable().testsOnly])).toEqual([]);
  });
});
