import "server-only";
import type { Db } from "@/lib/db";

/**
 * Locks the subscription's row (when it exists) until the end of the caller's transaction, and says
 * when Microsoft's state was last stored in it (`lastSyncedAt`). Webhook application stores a state only
 * if it was read from Microsoft after that moment, so two deliveries handled at once cannot store their
 * readings in the wrong order (lib/webhooks/store.ts).
 */
export async function lockForSync(tx: Db, subscriptionId: string): Promise<{ exists: boolean; lastSyncedAt: Date | null }> {
  const rows = await tx.$queryRaw<{ lastSyncedAt: Date | null }[]>`SELECT "lastSyncedAt" FROM "Subscription" WHERE "id" = ${subscriptionId} FOR UPDATE`;
  const row = rows[0];
  return row ? { exists: true, lastSyncedAt: row.lastSyncedAt } : { exists: false, lastSyncedAt: null };
}
