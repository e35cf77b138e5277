import "server-only";
import { getMarketplaceClient, toSubscriptionSnapshot, type SaaSOperation, type SubscriptionSnapshot } from "@/lib/marketplace";

/**
 * The calls a delivery makes to Microsoft, all inside one time budget: a refusal of ChangePlan or
 * ChangeQuantity counts only if it reaches Microsoft within 10 seconds of the webhook, so the client's
 * retries are cut off at the budget instead of its usual 30-second deadline.
 */

/** Well under Microsoft's 10-second window (reference §9), leaving time for the database and the answer. */
export const WEBHOOK_BUDGET_MS = 8_000;

export type Reading = { snapshot: SubscriptionSnapshot; observedAt: Date };

export type MicrosoftCalls = {
  getOperation(subscriptionId: string, operationId: string): Promise<SaaSOperation>;
  /** Get Subscription, with the moment it was asked (what orders two readings). */
  readSubscription(subscriptionId: string): Promise<Reading>;
  acknowledge(subscriptionId: string, operationId: string, status: "Success" | "Failure"): Promise<void>;
  cancel(subscriptionId: string): Promise<string | undefined>;
};

export function microsoftCalls(startedAt: number, correlationId: string): MicrosoftCalls {
  const client = getMarketplaceClient();
  // At least one attempt's worth even when the budget is spent: the answer is still worth having.
  const call = () => ({ correlationId, deadlineMs: Math.max(1_000, startedAt + WEBHOOK_BUDGET_MS - Date.now()) });
  return {
    getOperation: (subscriptionId, operationId) => client.getOperation(subscriptionId, operationId, call()),
    async readSubscription(subscriptionId) {
      const observedAt = new Date();
      const snapshot = toSubscriptionSnapshot(await client.getSubscription(subscriptionId, call()), "getSubscription");
      return { snapshot, observedAt };
    },
    acknowledge: (subscriptionId, operationId, status) => client.updateOperation(subscriptionId, operationId, status, call()),
    async cancel(subscriptionId) {
      return (await client.deleteSubscription(subscriptionId, call())).operationId;
    },
  };
}
