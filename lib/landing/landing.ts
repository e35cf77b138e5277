import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type { CurrentUser } from "@/lib/auth/session";
import { hasEventBy, recordEvent } from "@/lib/data/events";
import { isRefusedToken, recordRefusedToken, takeResolveCall } from "@/lib/data/landing-limits";
import { upsertPlans } from "@/lib/data/plans";
import { syncSubscription } from "@/lib/data/subscription-store";
import { getSubscription, type SubscriptionRecord } from "@/lib/data/subscriptions";
import { getEnv } from "@/lib/env";
import { currentRequestId, log } from "@/lib/log";
import {
  getMarketplaceClient,
  isMarketplaceError,
  toSubscriptionSnapshot,
  type Plan,
  type SubscriptionSnapshot,
} from "@/lib/marketplace";
import { isParty, relationTo } from "./parties";
import { toPlanInput, toPurchaseView, type PurchaseView } from "./purchase-view";
import { activatorFromUser, recordActivation } from "./record-activation";
import { resolveAnswerProblem } from "./resolve-check";
import { RESOLVE_LIMITS } from "./resolve-limits";

/**
 * The landing page's use case: what to show for a purchase token. Microsoft's answer decides, never the
 * browser: the token is resolved on the server every time, and the subscription's status picks the page.
 */

export type LandingProblem =
  /** Resolve refused the token: expired (24 h), tampered, or not a purchase token (or refused recently). */
  | { kind: "invalid-token" }
  /** Resolve answered, but without what a purchase needs (a GUID, an offer, a plan). Nothing was stored. */
  | { kind: "invalid-purchase"; reference: string }
  /** This person has made the portal call Resolve too often (resolve-limits.ts); nothing was sent. */
  | { kind: "rate-limited"; retryAfterMinutes: number }
  /** Signed in from outside the purchase, and LANDING_TENANT_MISMATCH=refuse. */
  | { kind: "outside-purchase" }
  /** Microsoft did not answer, after retries. Nothing was written. */
  | { kind: "microsoft-unavailable"; reference: string }
  /** The portal's own setup with Microsoft is wrong (credentials, registration): the publisher must act. */
  | { kind: "portal-problem"; reference: string };

export type LandingState =
  /** `outsidePurchase`: the signed-in person is of neither party (LANDING_TENANT_MISMATCH=warn): they are warned. */
  | { kind: "confirm"; purchase: PurchaseView; outsidePurchase: boolean }
  /** Subscribed. `activatedHere`: confirmed on this landing page; otherwise Microsoft activated it (auto-activation plan). */
  | { kind: "active"; purchase: PurchaseView; activatedHere: boolean }
  | { kind: "suspended"; purchase: PurchaseView }
  | { kind: "cancelled"; purchase: PurchaseView }
  /** Provisioning gate: confirmed, waiting for the ISV's account (and then the activation). */
  | { kind: "provisioning"; subscriptionId: string }
  /** Microsoft has not finished creating the purchase (NotStarted). */
  | { kind: "not-ready"; purchase: PurchaseView };

export type LandingResult = LandingState | LandingProblem;

const PROBLEMS = new Set<string>([
  "invalid-token",
  "invalid-purchase",
  "rate-limited",
  "outside-purchase",
  "microsoft-unavailable",
  "portal-problem",
]);
export const isLandingProblem = (value: object): value is LandingProblem =>
  "kind" in value && PROBLEMS.has(String(value.kind));

/** Maps a failure to call Microsoft to what the buyer is told; logs it with what an operator needs. */
export function toProblem(error: unknown, step: string): LandingProblem {
  const reference = currentRequestId() ?? randomUUID();
  if (isMarketplaceError(error)) {
    if ((error.kind === "bad-request" || error.kind === "not-found") && step === "resolve") {
      log.info(
        { step, kind: error.kind, code: error.code, msRequestId: error.requestId },
        "purchase token refused by Microsoft",
      );
      return { kind: "invalid-token" };
    }
    if (error.kind === "invalid-response" && step === "resolve") {
      // Microsoft answered 200 with something unusable for this token: the buyer gets a fresh link from Microsoft.
      log.error(
        { step, problem: error.message, msRequestId: error.requestId, msCorrelationId: error.correlationId },
        "Resolve answer unusable: purchase link shown as not valid",
      );
      return { kind: "invalid-purchase", reference };
    }
    const level =
      error.kind === "unavailable" || error.kind === "timeout" || error.kind === "throttled" ? "warn" : "error";
    log[level](
      {
        step,
        kind: error.kind,
        status: error.status,
        code: error.code,
        msRequestId: error.requestId,
        msCorrelationId: error.correlationId,
        attempts: error.attempts,
      },
      "marketplace call failed",
    );
    return level === "warn" ? { kind: "microsoft-unavailable", reference } : { kind: "portal-problem", reference };
  }
  log.error({ step, err: error }, "landing page failed");
  return { kind: "portal-problem", reference };
}

/** Microsoft's subscription, what the page shows, and the plan as Microsoft describes it (undefined when it could not be read). */
export type Resolved = { snapshot: SubscriptionSnapshot; purchase: PurchaseView; plan: Plan | undefined };

const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

/**
 * Resolves the token for this person and reads the plan. Tokens Microsoft refused recently are not sent
 * again, and each person has an allowance of Resolve calls (resolve-limits.ts). The answer is checked
 * before anything is stored. The plan is optional: without it the page shows the plan id.
 */
export async function resolvePurchase(
  token: string,
  user: Pick<CurrentUser, "id">,
  correlationId: string,
): Promise<Resolved | LandingProblem> {
  const hash = tokenHash(token);
  if (await isRefusedToken(hash)) {
    log.info({}, "purchase token refused by Microsoft earlier: not sent again");
    return { kind: "invalid-token" };
  }
  const allowance = await takeResolveCall(user.id, RESOLVE_LIMITS);
  if (!allowance.allowed) {
    log.warn(
      { userId: user.id, retryAt: allowance.retryAt },
      "landing page: this user's Resolve limit is reached; nothing sent to Microsoft",
    );
    return {
      kind: "rate-limited",
      retryAfterMinutes: Math.max(1, Math.ceil((allowance.retryAt.getTime() - Date.now()) / 60_000)),
    };
  }
  const client = getMarketplaceClient();
  let snapshot: SubscriptionSnapshot;
  try {
    const resolved = await client.resolve(token, { correlationId });
    const problem = resolveAnswerProblem(resolved);
    if (problem) {
      const reference = currentRequestId() ?? randomUUID();
      log.error({ problem, correlationId }, "Resolve answer unusable: purchase link shown as not valid");
      return { kind: "invalid-purchase", reference };
    }
    snapshot = toSubscriptionSnapshot(
      resolved.subscription ?? (await client.getSubscription(resolved.id, { correlationId })),
      "resolve",
    );
  } catch (e) {
    const problem = toProblem(e, "resolve");
    if (problem.kind === "invalid-token") await recordRefusedToken(user.id, hash, RESOLVE_LIMITS);
    return problem;
  }
  let plan: Plan | undefined;
  try {
    [plan] = await client.listAvailablePlans(snapshot.id, { planId: snapshot.planId }, { correlationId });
    if (plan) await upsertPlans([toPlanInput(snapshot.offerId, plan)]);
  } catch (e) {
    log.warn({ kind: isMarketplaceError(e) ? e.kind : "error" }, "plan details unavailable; showing the plan id only");
  }
  return { snapshot, purchase: toPurchaseView(snapshot, plan), plan };
}

/** The landing page for a signed-in buyer and a (normalized) purchase token. */
export async function loadLanding(token: string, user: CurrentUser): Promise<LandingResult> {
  const resolved = await resolvePurchase(token, user, randomUUID());
  if (isLandingProblem(resolved)) return resolved;
  const { snapshot, purchase } = resolved;
  // Keep the portal's copy current (audited only when something changed): admins see opened purchases too.
  const { subscription } = await syncSubscription(snapshot, {
    actor: { type: "microsoft" },
    action: "subscription.resolved",
  });
  const activatedHere =
    subscription.activatedAt !== null || (await recoverInterruptedActivation(snapshot, subscription, "landing-visit"));
  const relation = relationTo(user, snapshot.purchaser, snapshot.beneficiary);
  if (relation === "outsider" && getEnv().landing.tenantMismatch === "refuse") {
    await recordRefusedOutsider(snapshot, user);
    return { kind: "outside-purchase" };
  }
  // Confirmed with the provisioning gate on: the setting-up page, whatever the gate says now.
  if (purchase.status === "PendingFulfillmentStart" && subscription.provisioningStatus)
    return { kind: "provisioning", subscriptionId: snapshot.id };
  if (purchase.status === "PendingFulfillmentStart")
    return { kind: "confirm", purchase, outsidePurchase: relation === "outsider" };
  return stateFor(purchase, activatedHere);
}

/**
 * Microsoft says Subscribed, someone's attempt to activate is on record, but its activation is not: the
 * portal died (or lost Microsoft's answer) between Microsoft's Activate and its own write. Records it for
 * the person who made the attempt, with what they entered. True when the activation is recorded now.
 */
export async function recoverInterruptedActivation(
  snapshot: SubscriptionSnapshot | null,
  row: SubscriptionRecord,
  recordedBy: "landing-visit" | "reconciliation",
): Promise<boolean> {
  if (row.activatedAt || !row.activationClaimedById || (snapshot?.status ?? row.status) !== "Subscribed") return false;
  const claimant = await activatorFromUser(row.activationClaimedById);
  if (!claimant) {
    log.warn(
      { subscriptionId: row.id },
      "interrupted activation: the person who confirmed no longer exists; not recorded",
    );
    return false;
  }
  const recorded = await recordActivation(row.id, snapshot, claimant, recordedBy);
  if (recorded)
    log.warn(
      { subscriptionId: row.id, recordedBy },
      "recorded an activation that Microsoft made but the portal had not written (interrupted attempt)",
    );
  return true;
}

/**
 * Someone of neither party opened (or tried to confirm) a purchase waiting for activation, and the policy
 * refuses them: logged, and on the subscription's timeline once per person, so that staff see who holds
 * the link.
 */
export async function recordRefusedOutsider(snapshot: SubscriptionSnapshot, user: CurrentUser): Promise<void> {
  log.warn(
    { subscriptionId: snapshot.id, userId: user.id, signedInTenantId: user.tid },
    "landing page: signed in from outside the purchase; refused (LANDING_TENANT_MISMATCH=refuse)",
  );
  if (snapshot.status !== "PendingFulfillmentStart") return;
  const action = "subscription.activation-refused";
  const subject = { type: "subscription" as const, id: snapshot.id };
  if (await hasEventBy(subject, action, user.id)) return;
  await recordEvent({
    type: "activation.refused",
    actor: { type: "user", id: user.id, label: user.email ?? user.name },
    action,
    subject,
    after: {
      signedInTenantId: user.tid,
      purchaserTenantId: snapshot.purchaser.tenantId,
      beneficiaryTenantId: snapshot.beneficiary.tenantId,
      policy: "refuse",
    },
  });
}

export function stateFor(purchase: PurchaseView, activatedHere: boolean): LandingState {
  switch (purchase.status) {
    case "PendingFulfillmentStart":
      return { kind: "confirm", purchase, outsidePurchase: false };
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

/**
 * Whether this signed-in person may see a subscription's welcome (or setting-up) page: who activated it (or
 * confirmed it with the provisioning gate on), or someone of the
 * purchaser's or the beneficiary's side (for personal accounts, that very person: see parties.ts).
 */
export async function canSeeSubscription(user: CurrentUser, subscriptionId: string): Promise<boolean> {
  const s = await getSubscription(subscriptionId);
  if (!s) return false;
  if (s.activatedById === user.id || s.provisioningRequestedById === user.id) return true;
  return (
    isParty(user, { tenantId: s.purchaserTenantId, objectId: s.purchaserObjectId }) ||
    isParty(user, { tenantId: s.beneficiaryTenantId, objectId: s.beneficiaryObjectId })
  );
}
