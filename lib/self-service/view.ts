import "server-only";
import type { Buyer } from "@/lib/auth/buyer-session";
import {
  getBuyerSubscription,
  listBuyerSubscriptions,
  type BuyerIdentity,
  type BuyerSubscription,
} from "@/lib/data/buyer-subscriptions";
import { findPlans, planKey } from "@/lib/data/usage-plans";
import { getSelfServicePolicy } from "@/lib/data/settings";
import { log } from "@/lib/log";
import { getActionChoices, type ActionChoices } from "@/lib/operations/choices";
import { mayAct, type Verdict } from "./access";
import { toPlanOffer, type PlanOffer, type Price } from "./plans";

/**
 * What "Your subscription" shows: the buyer's subscriptions, and for one of them what they may do now. The
 * actions are computed from Microsoft's current answer (the operator path's choices), and only when the
 * publisher's setting and the buyer's rights allow acting at all: a reader costs Microsoft no call.
 */

export const identityOf = (buyer: Buyer): BuyerIdentity => ({ userId: buyer.id, tid: buyer.tid, oid: buyer.oid });
export const actorOf = (buyer: Buyer) => ({
  userId: buyer.id,
  tid: buyer.tid,
  oid: buyer.oid,
  appRoles: buyer.appRoles,
});

export type ListedSubscription = BuyerSubscription & { planName: string };

export async function listForBuyer(buyer: Buyer): Promise<ListedSubscription[]> {
  const rows = await listBuyerSubscriptions(identityOf(buyer));
  const plans = await findPlans(rows);
  return rows.map((s) => ({ ...s, planName: plans.get(planKey(s))?.displayName || s.planId }));
}

/**
 * Microsoft does not let the publisher act on the customer's behalf (CSP purchases allow only Read). An empty
 * list is "not known yet" (a copy stored from an answer without it): Microsoft's current answer decides then.
 */
export const partnerManaged = ({
  allowedCustomerOperations: allowed,
}: Pick<BuyerSubscription, "allowedCustomerOperations">) =>
  allowed.length > 0 && !allowed.includes("Update") && !allowed.includes("Delete");

export type BuyerActions =
  | { kind: "off" }
  | { kind: "read-only"; reason: Exclude<Extract<Verdict, { allowed: false }>["reason"], "disabled"> }
  | { kind: "partner" }
  | { kind: "unavailable" }
  | { kind: "not-active" }
  | {
      kind: "open";
      currentPlan: { name: string; price: Price | null; perSeat: boolean };
      plans: PlanOffer[];
      seats: { current: number; min: number; max: number } | null;
      cancel: { freeUntil: string | null; freeNow: boolean } | null;
      /** A change in progress at Microsoft (the page follows it). */
      pending: { operationId: string; action: string } | null;
      canChange: boolean;
      /** Why plan and seats cannot change now: a change in progress, or the subscription is not active. */
      blockedBy: "pending" | "inactive" | null;
    };

export type BuyerPage = { subscription: ListedSubscription; actions: BuyerActions };

function openActions(s: BuyerSubscription, choices: ActionChoices): BuyerActions {
  if (choices.status !== "Subscribed" && choices.cancelBlockedBy.length) return { kind: "not-active" };
  const current = choices.plans.find((p) => p.current);
  const currentOffer = current ? toPlanOffer(current, s.termUnit) : null;
  return {
    kind: "open",
    currentPlan: {
      name: currentOffer?.name ?? s.planId,
      price: currentOffer?.price ?? null,
      perSeat: !!current?.perSeat,
    },
    plans: choices.plans.filter((p) => !p.current).map((p) => toPlanOffer(p, s.termUnit, s.quantity)),
    seats: choices.seats,
    cancel: choices.cancelBlockedBy.length
      ? null
      : { freeUntil: choices.freeCancellationUntil?.toISOString() ?? null, freeNow: choices.cancellationIsFree },
    pending: choices.pending ? { operationId: choices.pending.id, action: choices.pending.action } : null,
    canChange: choices.changeBlockedBy.length === 0,
    blockedBy: choices.pending ? "pending" : choices.changeBlockedBy.length ? "inactive" : null,
  };
}

/** One subscription for this buyer, or null (not theirs, or no such subscription: the page answers 404). */
export async function getBuyerPage(buyer: Buyer, subscriptionId: string): Promise<BuyerPage | null> {
  const stored = await getBuyerSubscription(identityOf(buyer), subscriptionId);
  if (!stored) return null;
  const verdict = mayAct(await getSelfServicePolicy(), actorOf(buyer), stored);
  let actions: BuyerActions;
  let s = stored;
  if (!verdict.allowed)
    actions = verdict.reason === "disabled" ? { kind: "off" } : { kind: "read-only", reason: verdict.reason };
  else if (partnerManaged(stored)) actions = { kind: "partner" };
  else {
    try {
      const choices = await getActionChoices(subscriptionId);
      // The choices stored Microsoft's current view: show that, not the copy read before.
      s = (await getBuyerSubscription(identityOf(buyer), subscriptionId)) ?? stored;
      actions = partnerManaged(s) ? { kind: "partner" } : openActions(s, choices);
    } catch (err) {
      log.warn({ err }, "could not read a subscription's choices from Microsoft for its buyer");
      actions = { kind: "unavailable" };
    }
  }
  const plans = await findPlans([s]);
  return { subscription: { ...s, planName: plans.get(planKey(s))?.displayName || s.planId }, actions };
}
