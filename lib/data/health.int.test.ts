import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { checkReadiness } from "./health";

describe("checkReadiness", () => {
  it("is ready on a migrated database", async () => {
    expect(await checkReadiness()).toEqual({ ready: true });
  });

  it("reports pending migrations when one of this build's migrations is not applied", async () => {
    await getDb().$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = now()`;
    expect(await checkReadiness()).toEqual({ ready: false, reason: "migrations-pending" });
    await getDb().$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL`;
  });
});
