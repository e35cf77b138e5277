import "server-only";
import { randomUUID } from "node:crypto";
import { provisioningRequestOf } from "@/lib/data/provisioning";
import { syncSubscription } from "@/lib/data/subscription-store";
import { claimActivation, getSubscription, releaseActivationClaim } from "@/lib/data/subscriptions";
import { log } from "@/lib/log";
import { getMarketplaceClient, toSubscriptionSnapshot } from "@/lib/marketplace";
import { activateWithMicrosoft, readPlan } from "./activate";
import { activatorFromUser, recordActivation } from "./record-activation";

export type ProvisionedActivation = "activated" | "already-active" | "nothing-to-do" | "not-pending";

/**
 * Activates a provisioned purchase at Microsoft, for the buyer who confirmed. Throws when Microsoft (or the
 * claim, held by another attempt) says "not now": the job queue retries. Never sends a second Activate: the
 * claim admits one caller, and a Subscribed subscription is recorded, not activated again.
 */
export async function activateProvisioned(subscriptionId: string): Promise<ProvisionedActivation> {
  const row = await getSubscription(subscriptionId);
  if (!row || row.activatedAt || row.provisioningStatus !== "Provisioned") return "nothing-to-do";
  const request = provisioningRequestOf(row);
  const activator = request ? await activatorFromUser(request.userId) : null;
  if (!request || !activator) {
    log.warn({ subscriptionId }, "provisioned purchase: the person who confirmed no longer exists; not activated");
    return "nothing-to-do";
  }
  const correlationId = randomUUID();
  const snapshot = toSubscriptionSnapshot(
    await getMarketplaceClient().getSubscription(subscriptionId, { correlationId }),
    "getSubscription",
  );
  if (snapshot.status === "Subscribed") {
    await recordActivation(subscriptionId, snapshot, activator, "provisioning", request.buyerDetails);
    return "already-active";
  }
  if (snapshot.status !== "PendingFulfillmentStart") {
    // Cancelled (or suspended) meanwhile: nothing to activate; the stored state shows it to staff.
    await syncSubscription(snapshot, { actor: { type: "microsoft" }, action: "subscription.synced" });
    log.warn({ subscriptionId, status: snapshot.status }, "provisioned purchase is no longer pending: not activated");
    return "not-pending";
  }
  if (!(await claimActivation(subscriptionId, request)))
    throw new Error("another attempt is activating this subscription; looking again later");
  try {
    const plan = await readPlan(snapshot, correlationId);
    const activated = await activateWithMicrosoft(snapshot, plan, correlationId);
    await recordActivation(subscriptionId, activated, activator, "provisioning", request.buyerDetails);
  } catch (e) {
    await releaseActivationClaim(subscriptionId);
    throw e;
  }
  log.info({ subscriptionId }, "provisioned purchase activated");
  return "activated";
}
