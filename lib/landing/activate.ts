import "server-only";
import { randomUUID } from "node:crypto";
import type { CurrentUser } from "@/lib/auth/session";
import { syncSubscription } from "@/lib/data/subscription-store";
import { claimActivation, getSubscription, releaseActivationClaim } from "@/lib/data/subscriptions";
import { requestProvisioning } from "@/lib/data/provisioning";
import { isProvisioningGateOn } from "@/lib/data/settings";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import {
  getMarketplaceClient,
  isMarketplaceError,
  toSubscriptionSnapshot,
  type Plan,
  type SubscriptionSnapshot,
} from "@/lib/marketplace";
import {
  isLandingProblem,
  recordRefusedOutsider,
  recoverInterruptedActivation,
  resolvePurchase,
  stateFor,
  toProblem,
  type LandingProblem,
  type LandingState,
} from "./landing";
import { relationTo } from "./parties";
import { activationBody } from "./purchase-view";
import { recordActivation, type Activator } from "./record-activation";

/**
 * Confirming a purchase on the landing page: activate it with Microsoft (billing starts), once.
 *
 * Once, whatever happens: a double click or a second tab (a claim in the database lets one request call
 * Activate; the others wait for its outcome), a retry after a timeout (Activate answers 400 for a
 * subscription that is already Subscribed: we then ask Microsoft and treat Subscribed as done), a crash
 * between Microsoft's Activate and our write (the claim names who confirmed and what they entered, so the
 * next landing visit or reconciliation records it), and a subscription Microsoft activated by itself
 * (auto-activation plans: we never call Activate). With the provisioning gate on, confirming asks the ISV
 * instead (lib/landing/provisioning.ts), and Activate waits for its answer.
 */

export type ActivationResult =
  | { kind: "activated"; subscriptionId: string }
  /** Provisioning gate: the ISV was asked (now or before); the buyer waits on the "setting up" page. */
  | { kind: "provisioning"; subscriptionId: string }
  | Exclude<LandingState, { kind: "confirm" }>
  | LandingProblem
  | { kind: "busy" };

const WAIT_FOR_OTHER_MS = 20_000;

const activatorOf = (user: CurrentUser): Activator => ({
  id: user.id,
  label: user.email ?? user.name,
  tid: user.tid,
  oid: user.oid,
});

export async function activatePurchase(
  token: string,
  user: CurrentUser,
  buyerDetails: Record<string, string>,
): Promise<ActivationResult> {
  const correlationId = randomUUID();
  const resolved = await resolvePurchase(token, user, correlationId);
  if (isLandingProblem(resolved)) return resolved;
  const { snapshot, purchase, plan } = resolved;
  const stored = await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.resolved" });

  // An earlier attempt reached Microsoft but not our database (a crash or a lost answer): finish recording it.
  if (await recoverInterruptedActivation(snapshot, stored.subscription, "landing-visit"))
    return { kind: "activated", subscriptionId: snapshot.id };
  if (snapshot.status !== "PendingFulfillmentStart") {
    if (snapshot.status === "Subscribed" && stored.subscription.activatedAt)
      return { kind: "activated", subscriptionId: snapshot.id };
    return stateFor(purchase, stored.subscription.activatedAt !== null) as Exclude<LandingState, { kind: "confirm" }>;
  }
  if (
    relationTo(user, snapshot.purchaser, snapshot.beneficiary) === "outsider" &&
    getEnv().landing.tenantMismatch === "refuse"
  ) {
    await recordRefusedOutsider(snapshot, user);
    return { kind: "outside-purchase" };
  }

  // Provisioning gate (asked before, or on now): the ISV provisions first; Activate waits for its answer.
  if (stored.subscription.provisioningStatus || (await isProvisioningGateOn())) {
    const requester = { userId: user.id, label: user.email ?? user.name, tid: user.tid, oid: user.oid };
    if ((await requestProvisioning(snapshot.id, requester, buyerDetails)).kind === "requested")
      log.info({ subscriptionId: snapshot.id }, "provisioning requested from the ISV");
    return { kind: "provisioning", subscriptionId: snapshot.id };
  }

  // Who confirms and what they entered are stored with the claim, before Microsoft is called.
  if (!(await claimActivation(snapshot.id, { userId: user.id, buyerDetails })))
    return waitForOtherActivation(snapshot.id);
  try {
    const activated = await activateWithMicrosoft(snapshot, plan, correlationId);
    await recordActivation(snapshot.id, activated, activatorOf(user), "confirm", buyerDetails);
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
export async function activateAsOperator(
  subscriptionId: string,
  user: CurrentUser,
): Promise<"activated" | "already-active"> {
  const correlationId = randomUUID();
  const snapshot = toSubscriptionSnapshot(
    await getMarketplaceClient().getSubscription(subscriptionId, { correlationId }),
    "getSubscription",
  );
  if (snapshot.status === "Subscribed") {
    await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.synced" });
    return "already-active";
  }
  if (snapshot.status !== "PendingFulfillmentStart") throw new NotPendingError(snapshot.status);
  await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.synced" });
  if (!(await claimActivation(snapshot.id, { userId: user.id, buyerDetails: {} })))
    throw new NotPendingError("being activated right now");
  try {
    const plan = await readPlan(snapshot, correlationId);
    await recordActivation(
      snapshot.id,
      await activateWithMicrosoft(snapshot, plan, correlationId),
      activatorOf(user),
      "operator",
    );
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

/** The purchased plan as Microsoft describes it now (List Available Plans filtered by it); undefined if it cannot be read. */
export async function readPlan(snapshot: SubscriptionSnapshot, correlationId: string): Promise<Plan | undefined> {
  try {
    const [plan] = await getMarketplaceClient().listAvailablePlans(
      snapshot.id,
      { planId: snapshot.planId },
      { correlationId },
    );
    return plan;
  } catch (e) {
    log.warn(
      { subscriptionId: snapshot.id, kind: isMarketplaceError(e) ? e.kind : "error" },
      "plan unavailable before Activate",
    );
    return undefined;
  }
}

/** Calls Activate; returns Microsoft's view afterwards (with the term dates activation set). */
export async function activateWithMicrosoft(
  snapshot: SubscriptionSnapshot,
  plan: Plan | undefined,
  correlationId: string,
): Promise<SubscriptionSnapshot> {
  const client = getMarketplaceClient();
  if (!plan) log.info({ subscriptionId: snapshot.id }, "plan unknown: Activate is sent without a quantity");
  try {
    await client.activate(snapshot.id, activationBody(snapshot, plan), { correlationId });
  } catch (e) {
    if (!isMarketplaceError(e) || e.kind !== "bad-request") throw e;
    // 400 also means "already Subscribed" (our earlier attempt succeeded but its answer was lost): ask.
    const current = toSubscriptionSnapshot(
      await client.getSubscription(snapshot.id, { correlationId }),
      "getSubscription",
    );
    if (current.status !== "Subscribed") throw e;
    log.info(
      { subscriptionId: snapshot.id },
      "activate answered 400 but the subscription is Subscribed: treating as activated",
    );
    return current;
  }
  try {
    return toSubscriptionSnapshot(await client.getSubscription(snapshot.id, { correlationId }), "getSubscription");
  } catch {
    // Activation succeeded; the term dates arrive with the next sync (webhook or reconciliation).
    return { ...snapshot, status: "Subscribed" };
  }
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
