import "server-only";
import { randomUUID } from "node:crypto";
import type { CurrentUser } from "@/lib/auth/session";
import { upsertPlans } from "@/lib/data/plans";
import { getSubscription, syncSubscription } from "@/lib/data/subscriptions";
import { currentRequestId, log } from "@/lib/log";
import { getMarketplaceClient, isMarketplaceError, toSubscriptionSnapshot, type SubscriptionSnapshot } from "@/lib/marketplace";
import { toPlanInput, toPurchaseView, type PurchaseView } from "./purchase-view";

/**
 * The landing page's use case: what to show for a purchase token. Microsoft's answer decides, never the
 * browser: the token is resolved on the server every time, and the subscription's status picks the page.
 */

export type LandingProblem =
  /** Resolve refused the token: expired (24 h), tampered, or not a purchase token. */
  | { kind: "invalid-token" }
  /** Microsoft did not answer, after retries. Nothing was written. */
  | { kind: "microsoft-unavailable"; reference: string }
  /** The portal's own setup with Microsoft is wrong (credentials, registration): the publisher must act. */
  | { kind: "portal-problem"; reference: string };

export type LandingState =
  | { kind: "confirm"; purchase: PurchaseView }
  /** Subscribed. `activatedHere`: confirmed on this landing page; otherwise Microsoft activated it (auto-activation plan). */
  | { kind: "active"; purchase: PurchaseView; activatedHere: boolean }
  | { kind: "suspended"; purchase: PurchaseView }
  | { kind: "cancelled"; purchase: PurchaseView }
  /** Microsoft has not finished creating the purchase (NotStarted). */
  | { kind: "not-ready"; purchase: PurchaseView };

export type LandingResult = LandingState | LandingProblem;

/** Maps a failure to call Microsoft to what the buyer is told; logs it with what an operator needs. */
export function toProblem(error: unknown, step: string): LandingProblem {
  const reference = currentRequestId() ?? randomUUID();
  if (isMarketplaceError(error)) {
    if ((error.kind === "bad-request" || error.kind === "not-found") && step === "resolve") {
      log.info({ step, kind: error.kind, code: error.code, msRequestId: error.requestId }, "purchase token refused by Microsoft");
      return { kind: "invalid-token" };
    }
    const level = error.kind === "unavailable" || error.kind === "timeout" || error.kind === "throttled" ? "warn" : "error";
    log[level]({ step, kind: error.kind, status: error.status, code: error.code, msRequestId: error.requestId, msCorrelationId: error.correlationId, attempts: error.attempts }, "marketplace call failed");
    return level === "warn" ? { kind: "microsoft-unavailable", reference } : { kind: "portal-problem", reference };
  }
  log.error({ step, err: error }, "landing page failed");
  return { kind: "portal-problem", reference };
}

export type Resolved = { snapshot: SubscriptionSnapshot; purchase: PurchaseView };

/** Resolves the token and reads the plan; throws MarketplaceError. The plan is optional: without it the page shows the plan id. */
export async function resolvePurchase(token: string, correlationId: string): Promise<Resolved> {
  const client = getMarketplaceClient();
  const resolved = await client.resolve(token, { correlationId });
  const subscription = resolved.subscription ?? (await client.getSubscription(resolved.id, { correlationId }));
  const snapshot = toSubscriptionSnapshot(subscription, "resolve");
  let plan;
  try {
    [plan] = await client.listAvailablePlans(snapshot.id, { planId: snapshot.planId }, { correlationId });
    if (plan) await upsertPlans([toPlanInput(snapshot.offerId, plan)]);
  } catch (e) {
    log.warn({ kind: isMarketplaceError(e) ? e.kind : "error" }, "plan details unavailable; showing the plan id only");
  }
  return { snapshot, purchase: toPurchaseView(snapshot, plan) };
}

/** The landing page for a signed-in buyer and a (normalized) purchase token. */
export async function loadLanding(token: string): Promise<LandingResult> {
  let resolved: Resolved;
  try {
    resolved = await resolvePurchase(token, randomUUID());
  } catch (e) {
    return toProblem(e, "resolve");
  }
  const { snapshot, purchase } = resolved;
  // Keep the portal's copy current (audited only when something changed): admins see opened purchases too.
  const { subscription } = await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.resolved" });
  return stateFor(purchase, subscription.activatedAt !== null);
}

export function stateFor(purchase: PurchaseView, activatedHere: boolean): LandingState {
  switch (purchase.status) {
    case "PendingFulfillmentStart":
      return { kind: "confirm", purchase };
    case "Subscribed":
      return { kind: "active", purchase, activatedHere };
    case "Suspended":
      return { kind: "suspended", purchase };
    case "Unsubscribed":
      return { kind: "cancelled", purchase };
    case "NotStarted":
      return { kind: "not-ready", purchase };
  }
}

/** Whether this signed-in person may see a subscription's confirmation page. */
export async function canSeeSubscription(user: CurrentUser, subscriptionId: string): Promise<boolean> {
  const s = await getSubscription(subscriptionId);
  if (!s) return false;
  return s.activatedById === user.id || [s.beneficiaryTenantId, s.purchaserTenantId].some((t) => t?.toLowerCase() === user.tid.toLowerCase());
}
