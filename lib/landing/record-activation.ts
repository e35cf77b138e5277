import "server-only";
import { recordEvent } from "@/lib/data/events";
import { stateOf } from "@/lib/data/subscription-columns";
import { storeReading } from "@/lib/data/subscription-store";
import { markActivated, type SubscriptionRecord } from "@/lib/data/subscriptions";
import { getUser } from "@/lib/data/users";
import { withSubscriptionLocked } from "@/lib/data/subscriptions";
import type { SubscriptionSnapshot } from "@/lib/marketplace";
import { relationTo } from "./parties";

/** Who activated: the signed-in buyer, an operator, or the claimant of an interrupted attempt. */
export type Activator = { id: string; label: string | null; tid: string; oid: string };

/**
 * How the activation came to be recorded: by the request that called Activate (`confirm`, `operator`), or
 * afterwards for the person whose attempt reached Microsoft but not our database (`landing-visit`,
 * `reconciliation`): the portal died, or lost Microsoft's answer, in between. `provisioning`: the provisioning
 * gate's job activated it, after the ISV's answer, for the buyer who had confirmed.
 */
export type RecordedBy = "confirm" | "operator" | "landing-visit" | "reconciliation" | "provisioning";

/** The person behind a user id (the claimant of an interrupted attempt); null if they no longer exist. */
export async function activatorFromUser(userId: string): Promise<Activator | null> {
  const user = await getUser(userId);
  return user ? { id: user.id, label: user.email ?? user.name, tid: user.tenantId, oid: user.objectId } : null;
}

/**
 * Records an activation Microsoft has made: Microsoft's view of the subscription (`snapshot`; null keeps
 * the stored one, which reconciliation has just written), who activated it, what they entered (given, or
 * stored with their claim), and the audit entries. Exactly once: the row is locked, and a subscription
 * whose activation is already recorded gets nothing more (returns false). The audit entry is written
 * whatever the sync found: a webhook or reconciliation may have stored "Subscribed" already.
 */
export async function recordActivation(
  subscriptionId: string,
  snapshot: SubscriptionSnapshot | null,
  activator: Activator,
  recordedBy: RecordedBy,
  buyerDetails?: Record<string, string>,
): Promise<boolean> {
  return withSubscriptionLocked(subscriptionId, async (tx, before) => {
    const now = new Date();
    if (snapshot)
      await storeReading(
        { snapshot, observedAt: now },
        { actor: { type: "microsoft" }, action: "subscription.synced" },
        { db: tx },
      );
    if (!before || before.activatedAt) return false;
    const current: SubscriptionSnapshot | SubscriptionRecord = snapshot ?? before;
    const parties = snapshot ?? stateOf(before);
    // Operators are the publisher's staff: activating on the customer's behalf is their job, not a mismatch.
    const outsidePurchase =
      recordedBy !== "operator" && relationTo(activator, parties.purchaser, parties.beneficiary) === "outsider";
    const details = buyerDetails ?? (before.activationClaimDetails as Record<string, string> | null) ?? null;
    await markActivated(subscriptionId, { userId: activator.id, buyerDetails: details, outsidePurchase }, now, tx);
    const actor = { type: "user" as const, id: activator.id, label: activator.label };
    const subject = { type: "subscription" as const, id: subscriptionId };
    const term =
      "term" in current
        ? { termStartDate: current.term.startDate, termEndDate: current.term.endDate }
        : { termStartDate: current.termStartDate, termEndDate: current.termEndDate };
    await recordEvent(
      {
        type: "activation.recorded",
        actor,
        action: "subscription.activated",
        subject,
        before: { status: before.status },
        after: {
          status: current.status,
          planId: current.planId,
          quantity: current.quantity,
          ...term,
          ...(recordedBy === "confirm" || recordedBy === "operator" ? {} : { recordedBy }),
        },
      },
      tx,
    );
    if (outsidePurchase) {
      await recordEvent(
        {
          type: "activation.outside_purchase",
          actor,
          action: "subscription.activated-outside-purchase",
          subject,
          after: {
            signedInTenantId: activator.tid,
            purchaserTenantId: parties.purchaser.tenantId,
            beneficiaryTenantId: parties.beneficiary.tenantId,
            policy: "warn",
          },
        },
        tx,
      );
    }
    return true;
  });
}
