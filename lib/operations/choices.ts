import "server-only";
import { randomUUID } from "node:crypto";
import { findPendingOperation, type OperationRecord } from "@/lib/data/operations";
import { upsertPlans } from "@/lib/data/plans";
import { syncSubscription } from "@/lib/data/subscription-store";
import { toPlanInput } from "@/lib/landing/purchase-view";
import {
  getMarketplaceClient,
  isMarketplaceError,
  toSubscriptionSnapshot,
  type Plan,
  type SubscriptionSnapshot,
} from "@/lib/marketplace";

/**
 * What an operator may do to a subscription now: computed from Microsoft's current answer (not the
 * portal's copy), and stored so the page shows what the choices are based on. Every request re-checks it.
 */

const FREE_CANCELLATION_MS = 72 * 3600_000;

export type PlanChoice = {
  planId: string;
  displayName: string;
  current: boolean;
  perSeat: boolean;
  minQuantity: number | null;
  maxQuantity: number | null;
  /** Microsoft's prices for this subscription (its market and currency), per billing term: never converted. */
  billingTerms: { price: number | null; currency: string | null; termUnit: string | null }[];
};

export type ActionChoices = {
  status: SubscriptionSnapshot["status"];
  /** Why plan and seat changes are not possible now (empty when they are). */
  changeBlockedBy: string[];
  cancelBlockedBy: string[];
  plans: PlanChoice[];
  seats: { current: number; min: number; max: number } | null;
  canActivate: boolean;
  /** Purchases cancelled within 72 hours are not billed (reference §3.8). */
  freeCancellationUntil: Date | null;
  cancellationIsFree: boolean;
  pending: OperationRecord | null;
};

const toChoice = (p: Plan, currentPlanId: string): PlanChoice => ({
  planId: p.planId,
  displayName: p.displayName || p.planId,
  current: p.planId === currentPlanId,
  perSeat: p.isPricePerSeat ?? false,
  minQuantity: p.minQuantity ?? null,
  maxQuantity: p.maxQuantity ?? null,
  billingTerms: (p.planComponents?.recurrentBillingTerms ?? []).map((t) => ({
    price: t.price ?? null,
    currency: t.currency ?? null,
    termUnit: t.termUnit ?? null,
  })),
});

/** Reads Microsoft's view; returns the snapshot after storing it (so the page shows what the choices are based on). */
async function currentSnapshot(subscriptionId: string, correlationId: string): Promise<SubscriptionSnapshot> {
  const snapshot = toSubscriptionSnapshot(
    await getMarketplaceClient().getSubscription(subscriptionId, { correlationId }),
    "getSubscription",
  );
  await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.synced" });
  return snapshot;
}

/** What the subscription page says when the choices cannot be computed (Microsoft unreachable or refusing). */
export function choicesUnavailable(e: unknown): string {
  return isMarketplaceError(e)
    ? `${e.message} The actions are unavailable until Microsoft answers.`
    : "The actions are unavailable: the portal could not read the subscription from Microsoft.";
}

export async function getActionChoices(subscriptionId: string): Promise<ActionChoices> {
  const correlationId = randomUUID();
  const s = await currentSnapshot(subscriptionId, correlationId);
  const pending = await findPendingOperation(subscriptionId);
  const changeBlockedBy: string[] = [];
  if (s.status !== "Subscribed")
    changeBlockedBy.push(`Only active (Subscribed) subscriptions can be changed; this one is ${s.status}.`);
  if (!s.allowedCustomerOperations.includes("Update"))
    changeBlockedBy.push(
      "Microsoft does not allow the publisher to change it (a CSP purchase: the partner manages it).",
    );
  if (pending)
    changeBlockedBy.push(
      `A ${pending.action} requested at ${pending.requestedAt.toISOString()} is still in progress at Microsoft.`,
    );
  const cancelBlockedBy: string[] = [];
  if (s.status === "Unsubscribed") cancelBlockedBy.push("It is already cancelled.");
  if (!s.allowedCustomerOperations.includes("Delete"))
    cancelBlockedBy.push("Microsoft does not allow the publisher to cancel it (a CSP purchase).");
  if (pending) cancelBlockedBy.push("Wait for the operation in progress to finish.");

  let plans: PlanChoice[] = [];
  if (s.status === "Subscribed") {
    const available = await getMarketplaceClient().listAvailablePlans(subscriptionId, {}, { correlationId });
    await upsertPlans(available.map((p) => toPlanInput(s.offerId, p)));
    plans = available.map((p) => toChoice(p, s.planId));
  }
  const current = plans.find((p) => p.current);
  const seats =
    current?.perSeat && s.quantity !== null
      ? { current: s.quantity, min: current.minQuantity ?? 1, max: current.maxQuantity ?? 1_000_000 }
      : null;
  return {
    status: s.status,
    changeBlockedBy,
    cancelBlockedBy,
    plans,
    seats,
    canActivate: s.status === "PendingFulfillmentStart",
    freeCancellationUntil: s.purchasedAt ? new Date(s.purchasedAt.getTime() + FREE_CANCELLATION_MS) : null,
    cancellationIsFree: !!s.purchasedAt && Date.now() < s.purchasedAt.getTime() + FREE_CANCELLATION_MS,
    pending,
  };
}
