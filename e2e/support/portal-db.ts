/** Reads the portal's own database (the embedded one the e2e portal serves on a fixed loopback port). */
import pg from "pg";
import { PORTAL_DB_URL } from "../test-env";

export async function query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: PORTAL_DB_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export const portalDb = {
  subscription: async (id: string) => (await query(`SELECT * FROM "Subscription" WHERE id = $1`, [id]))[0],
  audit: (id: string) =>
    query<{ action: string; actorType: string; actorLabel: string | null; before: unknown; after: unknown }>(
      `SELECT * FROM "Event" WHERE "subjectId" = $1 ORDER BY id`,
      [id],
    ),
  activator: async (id: string) =>
    (
      await query<{ email: string | null; tenantId: string }>(
        `SELECT u.email, u."tenantId" FROM "Subscription" s JOIN "User" u ON u.id = s."activatedById" WHERE s.id = $1`,
        [id],
      )
    )[0],
};
