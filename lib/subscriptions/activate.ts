import "server-only";
import { randomUUID } from "node:crypto";
import type { CurrentUser } from "@/lib/auth/session";
import { recordAudit } from "@/lib/data/audit";
import { inTransaction } from "@/lib/db";
import {
  claimActivation,
  getSubscription,
  markActivated,
  releaseActivationClaim,
  saveBuyerDetails,
  syncSubscription,
  syncSubscriptionTx,
} from "@/lib/data/subscriptions";
import { log } from "@/lib/log";
import { getMarketplaceClient, isMarketplaceError, toSubscriptionSnapshot, type SubscriptionSnapshot } from "@/lib/marketplace";
import { resolvePurchase, stateFor, toProblem, type LandingResult } from "./landing";

/**
 * Confirming a purchase on the landing page: activate it with Microsoft (billing starts), once.
 *
 * Once, whatever happens: a double click or a second tab (a claim in the database lets one request call
 * Activate; the others wait for its outcome), a retry after a timeout (Activate answers 400 for a
 * subscription that is already Subscribed: we then ask Microsoft and treat Subscribed as done), and a
 * subscription Microsoft activated by itself (auto-activation plans: we never call Activate).
 */

export type ActivationResult = { kind: "activated"; subscriptionId: string } | Exclude<LandingResult, { kind: "confirm" }> | { kind: "busy" };

const WAIT_FOR_OTHER_MS = 20_000;

export async function activatePurchase(token: string, user: CurrentUser, buyerDetails: Record<string, string>): Promise<ActivationResult> {
  const correlationId = randomUUID();
  let resolved;
  try {
    resolved = await resolvePurchase(token, correlationId);
  } catch (e) {
    return toProblem(e, "resolve");
  }
  const { snapshot, purchase } = resolved;
  const stored = await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.resolved" });

  if (snapshot.status === "Subscribed" && stored.subscription.activationClaimedAt && !stored.subscription.activatedAt) {
    // Our earlier attempt reached Microsoft but not our database (a crash or timeout): finish recording it.
    await recordActivation(snapshot, user, buyerDetails);
    return { kind: "activated", subscriptionId: snapshot.id };
  }
  if (snapshot.status !== "PendingFulfillmentStart") {
    if (snapshot.status === "Subscribed" && stored.subscription.activatedAt) return { kind: "activated", subscriptionId: snapshot.id };
    return stateFor(purchase, stored.subscription.activatedAt !== null) as Exclude<LandingResult, { kind: "confirm" }>;
  }

  if (!(await claimActivation(snapshot.id))) return waitForOtherActivation(snapshot.id);
  try {
    const activated = await activateWithMicrosoft(snapshot, correlationId);
    await recordActivation(activated, user, buyerDetails);
    log.info({ subscriptionId: snapshot.id, planId: snapshot.planId }, "subscription activated");
    return { kind: "activated", subscriptionId: snapshot.id };
  } catch (e) {
    await releaseActivationClaim(snapshot.id);
    return toProblem(e, "activate");
  }
}

/**
 * An operator activates a purchase the buyer never confirmed (e.g. they got stuck): the same single
 * activation as the landing page, without a purchase token. Throws MarketplaceError or a message for the admin.
 */
export async function activateAsOperator(subscriptionId: string, user: CurrentUser): Promise<"activated" | "already-active"> {
  const correlationId = randomUUID();
  const snapshot = toSubscriptionSnapshot(await getMarketplaceClient().getSubscription(subscriptionId, { correlationId }), "getSubscription");
  if (snapshot.status === "Subscribed") {
    await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.synced" });
    return "already-active";
  }
  if (snapshot.status !== "PendingFulfillmentStart") throw new NotPendingError(snapshot.status);
  await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.synced" });
  if (!(await claimActivation(snapshot.id))) throw new NotPendingError("being activated right now");
  try {
    await recordActivation(await activateWithMicrosoft(snapshot, correlationId), user, {});
  } catch (e) {
    await releaseActivationClaim(snapshot.id);
    throw e;
  }
  log.info({ subscriptionId }, "subscription activated by an operator");
  return "activated";
}

export class NotPendingError extends Error {
  constructor(readonly status: string) {
    super(`Only a purchase waiting for activation can be activated; this one is ${status}.`);
    this.name = "NotPendingError";
  }
}

/** Calls Activate; returns Microsoft's view afterwards (with the term dates activation set). */
async function activateWithMicrosoft(snapshot: SubscriptionSnapshot, correlationId: string): Promise<SubscriptionSnapshot> {
  const client = getMarketplaceClient();
  try {
    // The quantity goes only with per-seat plans, and must be the purchased one.
    await client.activate(snapshot.id, { planId: snapshot.planId, ...(snapshot.quantity !== null ? { quantity: snapshot.quantity } : {}) }, { correlationId });
  } catch (e) {
    if (!isMarketplaceError(e) || e.kind !== "bad-request") throw e;
    // 400 also means "already Subscribed" (our earlier attempt succeeded but its answer was lost): ask.
    const current = toSubscriptionSnapshot(await client.getSubscription(snapshot.id, { correlationId }), "getSubscription");
    if (current.status !== "Subscribed") throw e;
    log.info({ subscriptionId: snapshot.id }, "activate answered 400 but the subscription is Subscribed: treating as activated");
    return current;
  }
  try {
    return toSubscriptionSnapshot(await client.getSubscription(snapshot.id, { correlationId }), "getSubscription");
  } catch {
    // Activation succeeded; the term dates arrive with the next sync (webhook or reconciliation).
    return { ...snapshot, status: "Subscribed" };
  }
}

/**
 * Stores Microsoft's view after activation and who activated it. The activation's audit entry is written
 * whatever the sync found: a webhook or reconciliation may already have stored "Subscribed" between
 * Microsoft's answer and this transaction, and the activation must still be on record.
 */
async function recordActivation(snapshot: SubscriptionSnapshot, user: CurrentUser, buyerDetails: Record<string, string>): Promise<void> {
  await inTransaction(async (tx) => {
    const before = await getSubscription(snapshot.id, tx);
    await syncSubscriptionTx(tx, snapshot, { actor: { type: "microsoft" }, action: "subscription.synced" }, new Date());
    await markActivated(snapshot.id, user.id, new Date(), tx);
    if (Object.keys(buyerDetails).length) await saveBuyerDetails(snapshot.id, buyerDetails, tx);
    await recordAudit(
      {
        actor: { type: "user", id: user.id, label: user.email ?? user.name },
        action: "subscription.activated",
        subject: { type: "subscription", id: snapshot.id },
        before: { status: before?.status ?? null },
        after: { status: snapshot.status, planId: snapshot.planId, quantity: snapshot.quantity, termStartDate: snapshot.term.startDate, termEndDate: snapshot.term.endDate },
      },
      tx,
    );
  });
}

/** Another request holds the claim (double click, second tab): wait for its outcome instead of activating again. */
async function waitForOtherActivation(subscriptionId: string): Promise<ActivationResult> {
  const deadline = Date.now() + WAIT_FOR_OTHER_MS;
  while (Date.now() < deadline) {
    const s = await getSubscription(subscriptionId);
    if (s?.activatedAt) return { kind: "activated", subscriptionId };
    if (s && !s.activationClaimedAt) return { kind: "busy" };
    await new Promise((r) => setTimeout(r, 250));
  }
  return { kind: "busy" };
}
