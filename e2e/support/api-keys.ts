import { randomUUID } from "node:crypto";
import { generateApiKey } from "../../lib/domain/api-key-secret";
import { query } from "./portal-db";

/** A key straight into the database, in the state a test needs (e2e/api-keys.spec.ts makes one the real way, on its page). */
export async function insertKey(
  scopes: string[],
  state: { revoked?: boolean; expired?: boolean } = {},
): Promise<string> {
  const { key, prefix, secretHash } = generateApiKey();
  await query(
    `INSERT INTO "ApiKey" (id, name, prefix, "secretHash", scopes, "expiresAt", "revokedAt") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      randomUUID(),
      `e2e ${prefix}`,
      prefix,
      secretHash,
      scopes,
      state.expired ? new Date(Date.now() - 60_000) : null,
      state.revoked ? new Date() : null,
    ],
  );
  return key;
}
