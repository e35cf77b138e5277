import "server-only";
import { log } from "@/lib/log";
import {
  isMarketplaceError,
  toSubscriptionSnapshot,
  type MarketplaceClient,
  type SaaSOperation,
  type SubscriptionSnapshot,
} from "@/lib/marketplace";

/**
 * Finding out what Microsoft did with a PATCH or DELETE whose answer was lost (a timeout, a 5xx, a dropped
 * connection after the request was sent). The request is never sent again — a second one would be refused
 * as "locked" while the first runs — so the portal asks instead: List outstanding operations (reference
 * §5.1) for an operation that matches the request, and Get Subscription for a change already made (an
 * operation that finished before it was listed). Microsoft lists a new operation only after a delay
 * (observed, not documented how long), so both are polled for a while.
 */

export type WantedChange = {
  action: "ChangePlan" | "ChangeQuantity" | "Unsubscribe";
  targetPlanId?: string;
  targetQuantity?: number;
};

export type Recovery =
  /** Microsoft lists an operation in progress for exactly this change: follow it. */
  | { kind: "listed"; operation: SaaSOperation }
  /** Microsoft's subscription already shows the change (its operation ended before it was listed). */
  | { kind: "applied"; snapshot: SubscriptionSnapshot }
  /** Neither within the time allowed: the change may not have reached Microsoft, or is not visible yet. */
  | { kind: "unknown" };

export type RecoveryOptions = {
  /** How long to keep asking (default 30 s: the action's answer waits for it). */
  timeoutMs?: number;
  /** Pause between two rounds of List + Get (default 2 s). */
  intervalMs?: number;
  correlationId?: string;
  /** Operation ids the portal already follows (another operator's request): never taken for this one. */
  isKnown?: (operationId: string) => Promise<boolean>;
};

export const RECOVERY_TIMEOUT_MS = 30_000;
export const RECOVERY_INTERVAL_MS = 2_000;

/** The operation is the one this request would have started: same action and target. */
export function matchesChange(op: SaaSOperation, wanted: WantedChange): boolean {
  if (op.action !== wanted.action || op.status !== "InProgress") return false;
  if (wanted.action === "ChangePlan") return op.planId === wanted.targetPlanId;
  if (wanted.action === "ChangeQuantity") return op.quantity === wanted.targetQuantity;
  return true;
}

/** The subscription shows the change made (the caller checked it did not before asking). */
export function showsChange(s: SubscriptionSnapshot, wanted: WantedChange): boolean {
  if (wanted.action === "ChangePlan") return s.planId === wanted.targetPlanId;
  if (wanted.action === "ChangeQuantity") return s.quantity === wanted.targetQuantity;
  return s.status === "Unsubscribed";
}

const newestFirst = (a: SaaSOperation, b: SaaSOperation) =>
  (b.timeStamp?.getTime() ?? 0) - (a.timeStamp?.getTime() ?? 0);

export async function findLostOperation(
  client: MarketplaceClient,
  subscriptionId: string,
  wanted: WantedChange,
  options: RecoveryOptions = {},
): Promise<Recovery> {
  const interval = options.intervalMs ?? RECOVERY_INTERVAL_MS;
  const deadline = Date.now() + (options.timeoutMs ?? RECOVERY_TIMEOUT_MS);
  const call = { correlationId: options.correlationId };
  const isKnown = options.isKnown ?? (() => Promise.resolve(false));
  for (let round = 1; ; round++) {
    try {
      const candidates = (await client.listOperations(subscriptionId, call))
        .filter((op) => matchesChange(op, wanted))
        .sort(newestFirst);
      for (const op of candidates) if (!(await isKnown(op.id))) return { kind: "listed", operation: op };
      const snapshot = toSubscriptionSnapshot(await client.getSubscription(subscriptionId, call), "getSubscription");
      if (showsChange(snapshot, wanted)) return { kind: "applied", snapshot };
    } catch (e) {
      // Microsoft is still struggling: keep asking until the deadline, the answer matters more than speed.
      log.warn(
        { subscriptionId, round, kind: isMarketplaceError(e) ? e.kind : "error" },
        "could not look for a lost publisher operation; asking again",
      );
    }
    if (Date.now() + interval >= deadline) {
      log.warn(
        { subscriptionId, action: wanted.action, rounds: round },
        "a publisher change whose answer was lost was not found at Microsoft",
      );
      return { kind: "unknown" };
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
