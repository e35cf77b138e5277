import "server-only";
import { BuyerRefusal } from "@/lib/auth/buyer-action";
import type { Buyer } from "@/lib/auth/buyer-session";
import { getBuyerSubscription, type BuyerSubscription } from "@/lib/data/buyer-subscriptions";
import { getOperationRecord, TERMINAL_OPERATION_STATUSES } from "@/lib/data/operations";
import { getPlan } from "@/lib/data/plans";
import { getSelfServicePolicy } from "@/lib/data/settings";
import { refreshOperation } from "@/lib/operations/follow-operation";
import {
  requestCancellation,
  requestPlanChange,
  requestSeatChange,
  type ChangeOptions,
  type ChangeOutcome,
} from "@/lib/operations/publisher-actions";
import { mayAct } from "./access";
import { actorOf, identityOf } from "./view";

/**
 * A buyer's change, checked again on the server for every request (a forged POST meets the same checks):
 * the subscription is theirs to see (else "not found", whether it exists or not), the publisher lets buyers
 * act and this person is one who may, and Microsoft allows it. Then the operator path does the rest, with
 * the buyer as the author: the request, the audit and event, and the follow-up until Microsoft finishes.
 */

export type Started = { operationId: string | null; action: string };

const started = (outcome: ChangeOutcome): Started =>
  outcome.kind === "following"
    ? { operationId: outcome.operation.id, action: outcome.operation.action }
    : { operationId: null, action: outcome.action };

async function authorized(
  buyer: Buyer,
  subscriptionId: string,
  needs: "Update" | "Delete",
): Promise<BuyerSubscription> {
  const s = await getBuyerSubscription(identityOf(buyer), subscriptionId);
  if (!s) throw new BuyerRefusal("not-found");
  if (!mayAct(await getSelfServicePolicy(), actorOf(buyer), s).allowed) throw new BuyerRefusal("forbidden");
  // The stored copy first (a CSP purchase never reaches Microsoft); the operator path re-reads Microsoft's
  // answer, and refuses there too when an unknown (empty) stored list turns out not to allow it.
  const allowed = s.allowedCustomerOperations;
  if (allowed.length > 0 && !allowed.includes(needs)) throw new BuyerRefusal("forbidden");
  return s;
}

const asBuyer: ChangeOptions = { requestedBy: "buyer" };

export async function buyerChangeSeats(buyer: Buyer, subscriptionId: string, quantity: number): Promise<Started> {
  const s = await authorized(buyer, subscriptionId, "Update");
  if (quantity === s.quantity) throw new BuyerRefusal("invalid", { key: "seats.same" });
  // The plan's limits as Microsoft last listed them, in the buyer's words; the operator path checks them again.
  const plan = await getPlan(s.offerId, s.planId);
  const min = plan?.minQuantity ?? 1;
  const max = plan?.maxQuantity ?? 1_000_000;
  if (quantity < min || quantity > max) throw new BuyerRefusal("invalid", { key: "seats.outOfRange", min, max });
  return started(await requestSeatChange(subscriptionId, quantity, buyer, asBuyer));
}

export async function buyerChangePlan(buyer: Buyer, subscriptionId: string, planId: string): Promise<Started> {
  const s = await authorized(buyer, subscriptionId, "Update");
  // A per-seat plan whose limits exclude the current seats: Microsoft refuses it, so say what to do first.
  const target = await getPlan(s.offerId, planId);
  if (target?.isPricePerSeat && s.quantity !== null) {
    const min = target.minQuantity ?? 1;
    const max = target.maxQuantity ?? 1_000_000;
    if (s.quantity < min || s.quantity > max)
      throw new BuyerRefusal("invalid", { key: "plan.needsSeats", option: target.displayName || planId, min, max });
  }
  return started(await requestPlanChange(subscriptionId, planId, buyer, asBuyer));
}

export async function buyerCancel(buyer: Buyer, subscriptionId: string): Promise<Started> {
  await authorized(buyer, subscriptionId, "Delete");
  return started(await requestCancellation(subscriptionId, buyer, asBuyer));
}

/** Ask Microsoft again when our copy is older than this (the follow job also looks every few seconds). */
const STALE_AFTER_MS = 1_500;

/** Where a buyer's change stands at Microsoft: only for an operation of a subscription this person may see. */
export async function buyerOperationProgress(
  buyer: Buyer,
  subscriptionId: string,
  operationId: string,
): Promise<{ status: string; action: string; done: boolean }> {
  const s = await getBuyerSubscription(identityOf(buyer), subscriptionId);
  let operation = s ? await getOperationRecord(operationId) : null;
  if (!s || !operation || operation.subscriptionId !== s.id) throw new BuyerRefusal("not-found");
  const stale = !operation.lastCheckedAt || Date.now() - operation.lastCheckedAt.getTime() > STALE_AFTER_MS;
  if (!TERMINAL_OPERATION_STATUSES.includes(operation.status) && stale)
    operation = (await refreshOperation(operationId)) ?? operation;
  const { status, action } = operation;
  return { status, action, done: TERMINAL_OPERATION_STATUSES.includes(status) };
}
