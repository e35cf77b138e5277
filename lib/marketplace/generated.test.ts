import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderAll } from "../../scripts/gen-marketplace";

// The committed types and schemas must be exactly what Microsoft's OpenAPI files produce: regenerate
// with `npx tsx scripts/gen-marketplace.ts` after updating openapi/.
describe("generated marketplace types", () => {
  it("match what scripts/gen-marketplace.ts produces from openapi/", async () => {
    const files = await renderAll();
    expect(files.map((f) => f.file).sort()).toEqual([
      "lib/marketplace/generated/metering-v1-schemas.ts",
      "lib/marketplace/generated/metering-v1.ts",
      "lib/marketplace/generated/saas-v2-schemas.ts",
      "lib/marketplace/generated/saas-v2.ts",
    ]);
    for (const { file, content } of files) {
      const committed = await readFile(path.join(import.meta.dirname, "../..", file), "utf8");
      expect(committed, `${file} is out of date: run npx tsx scripts/gen-marketplace.ts`).toBe(content);
    }
  }, 30_000);
});
