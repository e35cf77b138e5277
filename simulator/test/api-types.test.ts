// The committed types in simulator/api-types/ must be exactly what Microsoft's OpenAPI files generate.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_TYPE_FILES, renderApiTypes } from "../tools/generate-api-types";

describe("generated API types", () => {
  it.each(API_TYPE_FILES.map((f) => [f.out, f.spec]))("%s is up to date with %s", async (out, spec) => {
    const committed = await readFile(path.resolve(import.meta.dirname, "../..", out), "utf8");
    expect(committed).toBe(await renderApiTypes(spec));
  });
});
