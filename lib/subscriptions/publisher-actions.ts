import "server-only";
import { randomUUID } from "node:crypto";
import { after } from "next/server";
import { ExpectedError } from "@/lib/auth/guard";
import type { CurrentUser } from "@/lib/auth/session";
import { recordAudit } from "@/lib/data/audit";
import { createOperation, findPendingOperation, type OperationRecord } from "@/lib/data/operations";
import { upsertPlans } from "@/lib/data/plans";
import { syncSubscription } from "@/lib/data/subscriptions";
import { getMarketplaceClient, isMarketplaceError, toSubscriptionSnapshot, type OperationRef, type Plan, type SubscriptionSnapshot } from "@/lib/marketplace";
import { activateAsOperator, NotPendingError } from "./activate";
import { followOperation } from "./follow-operation";
import { toPlanInput } from "./purchase-view";

/**
 * What an operator may do to a subscription, and doing it: change plan, change seats, cancel, activate a
 * pending purchase. Every choice is computed from Microsoft's current answer (not our copy), every
 * request re-checks it, and every change is audited and followed until Microsoft says it is done.
 */

const FREE_CANCELLATION_MS = 72 * 3600_000;

export type PlanChoice = { planId: string; displayName: string; current: boolean; perSeat: boolean; minQuantity: number | null; maxQuantity: number | null };

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
});

/** Reads Microsoft's view; returns the snapshot after storing it (so the page shows what the choices are based on). */
async function currentSnapshot(subscriptionId: string, correlationId: string): Promise<SubscriptionSnapshot> {
  const snapshot = toSubscriptionSnapshot(await getMarketplaceClient().getSubscription(subscriptionId, { correlationId }), "getSubscription");
  await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.synced" });
  return snapshot;
}

export async function getActionChoices(subscriptionId: string): Promise<ActionChoices> {
  const correlationId = randomUUID();
  const s = await currentSnapshot(subscriptionId, correlationId);
  const pending = await findPendingOperation(subscriptionId);
  const changeBlockedBy: string[] = [];
  if (s.status !== "Subscribed") changeBlockedBy.push(`Only active (Subscribed) subscriptions can be changed; this one is ${s.status}.`);
  if (!s.allowedCustomerOperations.includes("Update")) changeBlockedBy.push("Microsoft does not allow the publisher to change it (a CSP purchase: the partner manages it).");
  if (pending) changeBlockedBy.push(`A ${pending.action} requested at ${pending.requestedAt.toISOString()} is still in progress at Microsoft.`);
  const cancelBlockedBy: string[] = [];
  if (s.status === "Unsubscribed") cancelBlockedBy.push("It is already cancelled.");
  if (!s.allowedCustomerOperations.includes("Delete")) cancelBlockedBy.push("Microsoft does not allow the publisher to cancel it (a CSP purchase).");
  if (pending) cancelBlockedBy.push("Wait for the operation in progress to finish.");

  let plans: PlanChoice[] = [];
  if (s.status === "Subscribed") {
    const available = await getMarketplaceClient().listAvailablePlans(subscriptionId, {}, { correlationId });
    await upsertPlans(available.map((p) => toPlanInput(s.offerId, p)));
    plans = available.map((p) => toChoice(p, s.planId));
  }
  const current = plans.find((p) => p.current);
  const seats = current?.perSeat && s.quantity !== null ? { current: s.quantity, min: current.minQuantity ?? 1, max: current.maxQuantity ?? 1_000_000 } : null;
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

/** Turns Microsoft's refusals into messages the operator can act on. */
async function callMicrosoft(fn: () => Promise<OperationRef>): Promise<OperationRef> {
  try {
    return await fn();
  } catch (e) {
    if (isMarketplaceError(e) && (e.kind === "bad-request" || e.kind === "conflict")) {
      throw new ExpectedError(`Microsoft refused the change: ${e.microsoftMessage ?? e.message}`);
    }
    if (isMarketplaceError(e) && ["unavailable", "timeout", "throttled"].includes(e.kind)) {
      throw new ExpectedError(`${e.message} Nothing was changed.`);
    }
    throw e;
  }
}

async function track(ref: OperationRef, subscriptionId: string, user: CurrentUser, action: "ChangePlan" | "ChangeQuantity" | "Unsubscribe", target: { targetPlanId?: string; targetQuantity?: number }) {
  await recordAudit({ actor: { type: "user", id: user.id, label: user.email ?? user.name }, action: `operation.requested`, subject: { type: "subscription", id: subscriptionId }, after: { operationId: ref.operationId ?? null, action, ...target } });
  if (!ref.operationId) {
    throw new ExpectedError("Microsoft accepted the change but named no operation to follow. The result will show when Microsoft's webhook arrives or at the next reconciliation.");
  }
  const operation = await createOperation({ id: ref.operationId, subscriptionId, action, requestedById: user.id, ...target });
  // Follow it after the response is sent: the admin page shows progress meanwhile.
  const operationId = ref.operationId;
  after(() => followOperation(operationId));
  return operation;
}

async function checkedForChange(subscriptionId: string) {
  const choices = await getActionChoices(subscriptionId);
  if (choices.changeBlockedBy.length) throw new ExpectedError(choices.changeBlockedBy.join(" "));
  return choices;
}

export async function requestPlanChange(subscriptionId: string, planId: string, user: CurrentUser): Promise<OperationRecord> {
  const correlationId = randomUUID();
  const choices = await checkedForChange(subscriptionId);
  const target = choices.plans.find((p) => p.planId === planId);
  if (!target) throw new ExpectedError(`Plan ${planId} is not available for this subscription.`);
  if (target.current) throw new ExpectedError("That is already the subscription's plan.");
  const ref = await callMicrosoft(() => getMarketplaceClient().changePlan(subscriptionId, planId, { correlationId }));
  return track(ref, subscriptionId, user, "ChangePlan", { targetPlanId: planId });
}

export async function requestSeatChange(subscriptionId: string, quantity: number, user: CurrentUser): Promise<OperationRecord> {
  const correlationId = randomUUID();
  const choices = await checkedForChange(subscriptionId);
  if (!choices.seats) throw new ExpectedError("This plan is not sold per seat.");
  const { min, max, current } = choices.seats;
  if (quantity === current) throw new ExpectedError(`The subscription already has ${current} seats.`);
  if (quantity < min || quantity > max) throw new ExpectedError(`Choose between ${min} and ${max} seats (the plan's limits); for more, change the plan first.`);
  const ref = await callMicrosoft(() => getMarketplaceClient().changeQuantity(subscriptionId, quantity, { correlationId }));
  return track(ref, subscriptionId, user, "ChangeQuantity", { targetQuantity: quantity });
}

export async function requestCancellation(subscriptionId: string, user: CurrentUser): Promise<OperationRecord> {
  const correlationId = randomUUID();
  const choices = await getActionChoices(subscriptionId);
  if (choices.cancelBlockedBy.length) throw new ExpectedError(choices.cancelBlockedBy.join(" "));
  const ref = await callMicrosoft(() => getMarketplaceClient().deleteSubscription(subscriptionId, { correlationId }));
  return track(ref, subscriptionId, user, "Unsubscribe", {});
}

export async function activatePendingPurchase(subscriptionId: string, user: CurrentUser): Promise<"activated" | "already-active"> {
  try {
    return await activateAsOperator(subscriptionId, user);
  } catch (e) {
    if (e instanceof NotPendingError) throw new ExpectedError(e.message);
    if (isMarketplaceError(e) && e.kind !== "forbidden" && e.kind !== "configuration") throw new ExpectedError(`${e.message} The purchase was not activated.`);
    throw e;
  }
}
