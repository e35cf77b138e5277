import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import { getSubscription } from "@/lib/data/subscriptions";
import { canSeeSubscription } from "./landing";

/**
 * What the buyer's "setting up your account" page shows, read from the database on every call (the page
 * polls it), so that a reload, another tab or the landing link again all show the same truth.
 */
export type ProvisioningView =
  /** Waiting for the ISV's answer. */
  | { state: "waiting" }
  /** The ISV provisioned; the activation at Microsoft is under way. */
  | { state: "activating" }
  /** The ISV could not provision; `message` is only what the ISV chose to show the buyer (never its reason for staff). */
  | { state: "failed"; message: string | null }
  | { state: "active" }
  | { state: "cancelled" };

/** The view for this person; null when the subscription is not theirs to see, or was never gated and is not active. */
export async function provisioningViewFor(user: CurrentUser, subscriptionId: string): Promise<ProvisioningView | null> {
  if (!(await canSeeSubscription(user, subscriptionId))) return null;
  const row = await getSubscription(subscriptionId);
  if (!row) return null;
  if (row.activatedAt) return { state: "active" };
  if (row.status === "Unsubscribed") return { state: "cancelled" };
  switch (row.provisioningStatus) {
    case "Requested":
      return { state: "waiting" };
    case "Provisioned":
      return { state: "activating" };
    case "Failed":
      return { state: "failed", message: row.provisioningBuyerMessage };
    default:
      return null;
  }
}
