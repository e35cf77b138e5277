import type { SubscriptionEventType } from "./events";
import type { SubscriptionStatus } from "./subscription";

/**
 * Which event a write of Microsoft's state is: one event per write, named after the change that matters
 * most to whoever consumes the feed (the ISV's application, staff notifications). A status change says
 * the most, then the plan, the seats and the term; anything else is an update, or a repair when
 * reconciliation found it (a webhook never brought it).
 */

type Compared = {
  status: SubscriptionStatus;
  planId: string;
  quantity: number | null;
  termStartDate: Date | null;
  termEndDate: Date | null;
};

export function subscriptionEventType(
  before: Compared | null,
  after: Compared,
  changed: readonly string[],
  cause: string | null | undefined,
): SubscriptionEventType | undefined {
  // A subscription first seen already active was activated by Microsoft (auto-activation) or elsewhere.
  if (!before) return after.status === "Subscribed" ? "subscription.activated" : "subscription.created";
  if (changed.length === 0) return undefined;
  if (before.status !== after.status) {
    if (after.status === "Subscribed")
      return before.status === "Suspended" ? "subscription.reinstated" : "subscription.activated";
    if (after.status === "Suspended") return "subscription.suspended";
    if (after.status === "Unsubscribed") return "subscription.unsubscribed";
  }
  if (changed.includes("planId")) return "subscription.plan_changed";
  if (changed.includes("quantity")) return "subscription.quantity_changed";
  // A term that moves forward on a subscription that had one is a renewal (activation sets the first term).
  if (before.termStartDate && after.termStartDate && after.termStartDate.getTime() > before.termStartDate.getTime())
    return "subscription.renewed";
  return cause?.startsWith("reconcile") ? "subscription.repaired" : "subscription.updated";
}
