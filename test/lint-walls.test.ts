import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The walls between rooms are lint rules (eslint.config.mjs): each forbidden import below must fail lint
// in the room it is forbidden in, and the same import must pass where it is allowed. Checked with the
// project's own configuration, on source text placed at a path of that room.

const root = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId?.endsWith("no-restricted-imports")).map((m) => m.message);
}

const cases: [string, string, string, RegExp][] = [
  [
    "a page importing the database",
    "app/admin/wall-probe.tsx",
    'import { getDb } from "@/lib/db";\nexport const x = getDb;\n',
    /Only lib\/data talks to the database/,
  ],
  [
    "a page importing the Prisma client",
    "app/wall-probe.ts",
    'import { PrismaClient } from "@/generated/prisma/client";\nexport const x = PrismaClient;\n',
    /Only lib\/data/,
  ],
  [
    "a workflow importing the database",
    "lib/landing/wall-probe.ts",
    'import { inTransaction } from "@/lib/db";\nexport const x = inTransaction;\n',
    /Only lib\/data/,
  ],
  [
    "a workflow importing the database relatively",
    "lib/webhooks/wall-probe.ts",
    'import { getDb } from "../db";\nexport const x = getDb;\n',
    /Only lib\/data/,
  ],
  [
    "a page calling Microsoft",
    "app/admin/wall-probe.ts",
    'import { getMarketplaceClient } from "@/lib/marketplace";\nexport const x = getMarketplaceClient;\n',
    /lib\/marketplace is called by the workflows/,
  ],
  [
    "the data layer calling Microsoft",
    "lib/data/wall-probe.ts",
    'import { getMarketplaceClient } from "@/lib/marketplace/client";\nexport const x = getMarketplaceClient;\n',
    /lib\/marketplace is called by the workflows/,
  ],
  [
    "lib importing app",
    "lib/operations/wall-probe.ts",
    'import { POST } from "@/app/api/webhooks/marketplace/route";\nexport const x = POST;\n',
    /lib never imports app/,
  ],
  [
    "lib importing a root file",
    "lib/auth/wall-probe.ts",
    'import { getAuthOptions } from "@/auth";\nexport const x = getAuthOptions;\n',
    /lib never imports root files/,
  ],
  [
    "product code importing test support",
    "lib/jobs/wall-probe.ts",
    'import { startHarness } from "@/test/webhook-harness";\nexport const x = startHarness;\n',
    /Test support stays out/,
  ],
  [
    "the product importing the simulator",
    "lib/webhooks/wall-probe.ts",
    'import { createApp } from "@/simulator/app";\nexport const x = createApp;\n',
    /never imports the simulator/,
  ],
  [
    "the reference receiver importing the portal",
    "examples/receiver/wall-probe.ts",
    'import { getKeyRing } from "../../lib/handoff/keys";\nexport const x = getKeyRing;\n',
    /An example never imports the portal/,
  ],
];

describe("the walls between rooms", () => {
  // ESLint loads its configuration and plugins on first use (several seconds on a busy machine).
  beforeAll(() => problems("lib/jobs/warm-up.ts", "export const x = 1;\n"), 120_000);

  it.each(cases)("lint refuses %s", async (_name, file, code, message) => {
    expect(await problems(file, code)).toEqual([expect.stringMatching(message)]);
  });

  it("lets each room import what it may", async () => {
    expect(
      await problems("lib/data/wall-probe.ts", 'import { getDb } from "@/lib/db";\nexport const x = getDb;\n'),
    ).toEqual([]);
    expect(
      await problems(
        "lib/webhooks/wall-probe.ts",
        'import { getMarketplaceClient } from "@/lib/marketplace";\nexport const x = getMarketplaceClient;\n',
      ),
    ).toEqual([]);
    // A type travels between rooms: a workflow may hand lib/data the transaction it was given.
    expect(
      await problems("lib/landing/wall-probe.ts", 'import type { Db } from "@/lib/db";\nexport type X = Db;\n'),
    ).toEqual([]);
    expect(
      await problems("lib/landing/wall-probe.test.ts", 'import { getDb } from "@/lib/db";\nexport const x = getDb;\n'),
    ).toEqual([]);
    // The reference receiver uses libraries, as the ISV's app does.
    expect(
      await problems(
        "examples/receiver/wall-probe.ts",
        'import { jwtVerify } from "jose";\nexport const x = jwtVerify;\n',
      ),
    ).toEqual([]);
  });
});
