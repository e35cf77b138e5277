/**
 * The portal's event feed: every change of subscription state, every publisher action, delivery outcome
 * and reconciliation, as one typed event written in the same transaction as the change (the Event table,
 * an outbox with an ever-increasing id). The admin timeline reads it; outbound events, notifications,
 * counters and metering consume it. The union is closed: a new kind of event is added here, and a change
 * to an event's data is a new version of its type.
 */

/** Changes of a subscription's own state, derived by lib/data from what a write changed. */
export const SUBSCRIPTION_EVENT_TYPES = [
  /** First seen by the portal (a landing visit, a webhook, reconciliation). */
  "subscription.created",
  /** PendingFulfillmentStart → Subscribed: activated here, by an operator, or by Microsoft (auto-activation). */
  "subscription.activated",
  "subscription.plan_changed",
  "subscription.quantity_changed",
  "subscription.suspended",
  "subscription.reinstated",
  /** The term rolled forward. */
  "subscription.renewed",
  "subscription.unsubscribed",
  /** Other fields Microsoft reports changed (auto-renew, e-mails, flags). */
  "subscription.updated",
  /** Reconciliation found such a difference that no webhook had brought. */
  "subscription.repaired",
] as const;

export const OTHER_EVENT_TYPES = [
  /** The buyer confirmed the purchase on the landing page (who, and whether their tenant matched). */
  "landing.confirmed",
  /** The publisher asked Microsoft for a change (PATCH or DELETE). */
  "operation.requested",
  /** Microsoft finished it: Succeeded, Failed or Conflict. */
  "operation.finished",
  /** The publisher's policy answered a customer's plan or seat change, or a reinstatement. */
  "webhook.change_decided",
  /** A webhook delivery ended an attempt: Applied, Ignored, Refused or Failed. */
  "webhook.delivery_finished",
  /** An owner re-ran a delivery. */
  "webhook.rerun_requested",
  "reconcile.started",
  "reconcile.finished",
  "staff.role_granted",
  "staff.role_revoked",
] as const;

export type SubscriptionEventType = (typeof SUBSCRIPTION_EVENT_TYPES)[number];
export type EventType = SubscriptionEventType | (typeof OTHER_EVENT_TYPES)[number];
export const EVENT_TYPES: readonly EventType[] = [...SUBSCRIPTION_EVENT_TYPES, ...OTHER_EVENT_TYPES];

/** Every type is at version 1; a type whose data changes shape gets the next version, and readers handle both. */
export const EVENT_VERSION = 1;

export type Actor = { type: "user"; id: string; label?: string | null } | { type: "microsoft"; label?: string } | { type: "system"; id: string };

export type EventSubject = { type: "subscription" | "delivery" | "operation" | "user" | "reconciliation"; id: string };

/** What a writer hands lib/data: the type, who, about what, what caused it, and the data. */
export type NewEvent = {
  type: EventType;
  actor: Actor;
  subject: EventSubject;
  /** The subscription concerned, if any (events of one subscription are consumed in order). */
  subscriptionId?: string | null;
  /** What made it happen, in the portal's words: `webhook.ChangePlan`, `landing`, `reconcile`, … */
  cause?: string | null;
  /** Before and after (only what changed), and what the type adds. */
  data?: Record<string, unknown>;
};

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
