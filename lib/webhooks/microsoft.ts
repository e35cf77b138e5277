import "server-only";
import {
  getMarketplaceClient,
  MarketplaceError,
  toSubscriptionSnapshot,
  type CallOptions,
  type SaaSOperation,
  type SubscriptionSnapshot,
} from "@/lib/marketplace";

/**
 * The calls a delivery makes to Microsoft, all inside one time budget: a refusal of ChangePlan or
 * ChangeQuantity counts only if it reaches Microsoft within 10 seconds of the webhook. Every call gets
 * what is left of the budget as its deadline (the client's retries stop there), a call with almost
 * nothing left is not started, and a call that outlives its share anyway (acquiring a token from Entra
 * has its own timeout) is abandoned at the deadline: whatever hangs at Microsoft, the delivery goes on
 * and answers in time.
 */

/** Well under Microsoft's 10-second window (reference §9), leaving time for the database and the answer. */
export const WEBHOOK_BUDGET_MS = 8_000;

/**
 * Get Operation and Get Subscription of a change the publisher may refuse must be in by then, so that the
 * refusal (PATCH Failure, up to the budget) still has time to reach Microsoft.
 */
export const CONFIRM_BUDGET_MS = 4_500;

/** A call with less time left than this is not started: it could not finish in time. */
const MIN_CALL_MS = 250;

/**
 * The status a subscription never seen before is stored with when Microsoft reports one it has not
 * documented: NotStarted grants nothing and offers no activation (a known subscription keeps its status).
 */
export const UNKNOWN_STATUS_STAND_IN = "NotStarted" as const;

export type Reading = { snapshot: SubscriptionSnapshot; observedAt: Date };

export type MicrosoftCalls = {
  getOperation(subscriptionId: string, operationId: string): Promise<SaaSOperation>;
  /** Get Subscription, with the moment it was asked (what orders two readings). */
  readSubscription(subscriptionId: string): Promise<Reading>;
  acknowledge(subscriptionId: string, operationId: string, status: "Success" | "Failure"): Promise<void>;
  cancel(subscriptionId: string): Promise<string | undefined>;
  /** The same calls, due by `deadline` (epoch ms) if that is earlier than this budget's end. */
  by(deadline: number): MicrosoftCalls;
  /** Waits for other work that calls Microsoft (with its own timeouts) no longer than the budget allows. */
  bound<T>(operation: string, work: Promise<T>): Promise<T>;
};

const outOfTime = (operation: string, started: boolean) =>
  new MarketplaceError({
    kind: "timeout",
    operation,
    attempts: started ? 1 : 0,
    message: started
      ? "Microsoft did not answer within the webhook's time budget (its 10-second window); the call was abandoned."
      : "The webhook's time budget (Microsoft's 10-second window) was spent before this call to Microsoft; it was not started.",
  });

/** Settles with `work`, or rejects with a timeout after `ms`; `work` is left to end on its own. */
function race<T>(operation: string, work: Promise<T>, ms: number): Promise<T> {
  work.catch(() => undefined); // an abandoned call must not become an unhandled rejection
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(outOfTime(operation, true)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function microsoftCalls(
  startedAt: number,
  correlationId: string,
  deadline = startedAt + WEBHOOK_BUDGET_MS,
): MicrosoftCalls {
  const client = getMarketplaceClient();
  function within<T>(operation: string, call: (options: CallOptions) => Promise<T>): Promise<T> {
    const left = deadline - Date.now();
    if (left < MIN_CALL_MS) return Promise.reject(outOfTime(operation, false));
    // The client's attempts and retries end by the deadline; the race ends what does not (an Entra token).
    return race(operation, call({ correlationId, deadlineMs: left }), left);
  }
  return {
    getOperation: (subscriptionId, operationId) =>
      within("getOperation", (o) => client.getOperation(subscriptionId, operationId, o)),
    async readSubscription(subscriptionId) {
      const observedAt = new Date();
      const sub = await within("getSubscription", (o) => client.getSubscription(subscriptionId, o));
      // An undocumented status must not stall the delivery: the store keeps the last known one (store.ts).
      return {
        snapshot: toSubscriptionSnapshot(sub, "getSubscription", { statusIfUnknown: UNKNOWN_STATUS_STAND_IN }),
        observedAt,
      };
    },
    acknowledge: (subscriptionId, operationId, status) =>
      within("updateOperation", (o) => client.updateOperation(subscriptionId, operationId, status, o)),
    cancel: async (subscriptionId) =>
      (await within("deleteSubscription", (o) => client.deleteSubscription(subscriptionId, o))).operationId,
    by: (earlier) => microsoftCalls(startedAt, correlationId, Math.min(deadline, earlier)),
    bound(operation, work) {
      work.catch(() => undefined); // not awaited when the budget is already spent
      return within(operation, () => work);
    },
  };
}

/** A reading in a few words, for the inbox: "plan basic, 10 seats, Subscribed". */
export function describeReading({ snapshot: s }: Reading): string {
  const status =
    s.unknownStatus !== undefined ? `status "${s.unknownStatus}" (undocumented; the stored status is kept)` : s.status;
  return `plan ${s.planId}${s.quantity !== null ? `, ${s.quantity} seats` : ""}, ${status}`;
}
