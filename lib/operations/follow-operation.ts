import "server-only";
import { recordEvent } from "@/lib/data/events";
import {
  getOperationRecord,
  updateOperationStatus,
  type OperationRecord,
  type OperationStatus,
} from "@/lib/data/operations";
import { syncSubscription } from "@/lib/data/subscription-store";
import { log } from "@/lib/log";
import { getMarketplaceClient, toSubscriptionSnapshot } from "@/lib/marketplace";

/**
 * Following a publisher-initiated operation (PATCH plan/quantity, DELETE) to its end. Microsoft's answer
 * is only "202 Accepted": the change happens later, and must be applied on our side only once Microsoft
 * says Succeeded (reference §3.6, §10.13). The same code serves the follow job started by the action
 * (tasks.ts), the admin page's progress polling, and the webhook (source Partner) that also announces it.
 */

const KNOWN: readonly OperationStatus[] = ["NotStarted", "InProgress", "Succeeded", "Failed", "Conflict"];

// The OpenAPI operation has no error fields (only some doc samples do), so the status says it all.
const OUTCOME_MESSAGES: Partial<Record<OperationStatus, string>> = {
  Failed: "Microsoft reports that the change failed; the subscription keeps its previous plan and seats.",
  Conflict: "Microsoft reports a conflict: the requested plan or seat count is already the current one.",
};

/** Asks Microsoft for the operation's status; on the first terminal answer, applies Microsoft's view of the subscription. */
export async function refreshOperation(operationId: string): Promise<OperationRecord | null> {
  const stored = await getOperationRecord(operationId);
  if (!stored || stored.completedAt) return stored;
  const client = getMarketplaceClient();
  const op = await client.getOperation(stored.subscriptionId, operationId);
  const status = (KNOWN as readonly string[]).includes(op.status ?? "")
    ? (op.status as OperationStatus)
    : stored.status;
  const { record, completedNow } = await updateOperationStatus(operationId, status, OUTCOME_MESSAGES[status] ?? null);
  if (completedNow && record) {
    await recordEvent({
      type: "operation.finished",
      actor: { type: "microsoft" },
      action: `operation.${status.toLowerCase()}`,
      subject: { type: "subscription", id: record.subscriptionId },
      after: { operationId, action: record.action, status, error: record.errorMessage },
    });
    // Succeeded or not, Microsoft's current view is the truth to store (a failed change leaves it as it was).
    const snapshot = toSubscriptionSnapshot(await client.getSubscription(record.subscriptionId), "getSubscription");
    await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: `operation.${record.action}` });
    log.info({ operationId, action: record.action, status }, "publisher operation finished");
  }
  return record;
}
