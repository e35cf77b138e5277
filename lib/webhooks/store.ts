import "server-only";
import { recordAudit } from "@/lib/data/audit";
import { syncSubscriptionTx } from "@/lib/data/subscriptions";
import { lockForSync } from "@/lib/data/webhook-sync";
import { inTransaction } from "@/lib/db";
import type { Reading } from "./microsoft";
import type { PolicyDecision } from "./handlers";

/**
 * Writes what a delivery found, in one short transaction: Microsoft's subscription (audited by
 * syncSubscriptionTx as `webhook.<Action>`, only what changed) and the policy's decision (audited as the
 * portal's own). The delivery's status is set afterwards, with its attempt (one statement, receive.ts):
 * a crash in between leaves it Received, and the next attempt after the lease re-applies it, which is
 * idempotent (the same state: no change, no audit; the operation is no longer waiting for a decision).
 *
 * Readings are stored in the order Microsoft was asked, not the order they arrive here: the row is locked,
 * and a reading taken before the one already stored (`lastSyncedAt`) is refused as outdated, so that the
 * caller reads again. Two deliveries of the same subscription handled at once thus never move it backwards.
 */

export type StoreInput = {
  action: string;
  reading: Reading | undefined;
  decision: PolicyDecision | undefined;
  subscriptionId: string;
};

export async function storeResult(input: StoreInput): Promise<"stored" | "outdated"> {
  // Nothing to write: no transaction (the delivery's own status is written with its attempt).
  if (!input.reading && !input.decision) return "stored";
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(async (tx) => {
        if (input.reading) {
          const { lastSyncedAt } = await lockForSync(tx, input.subscriptionId);
          if (lastSyncedAt && lastSyncedAt.getTime() > input.reading.observedAt.getTime()) return "outdated" as const;
          await syncSubscriptionTx(tx, input.reading.snapshot, { actor: { type: "microsoft" }, action: `webhook.${input.action}` }, input.reading.observedAt);
        }
        if (input.decision) {
          const { action, accept, reason, details } = input.decision;
          await recordAudit({ actor: { type: "system", id: "webhook-policy" }, action, subject: { type: "subscription", id: input.subscriptionId }, after: { ...details, accepted: accept, reason } }, tx);
        }
        return "stored" as const;
      });
    } catch (e) {
      // Two first deliveries for a subscription the portal did not know yet: the second insert loses; retry as an update.
      if (attempt === 0 && (e as { code?: string })?.code === "P2002") continue;
      throw e;
    }
  }
}
