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
  /** Provisioning gate on: the buyer confirmed; the ISV must provision before the portal activates at Microsoft. */
  "subscription.provisioning_requested",
  /** The ISV reported the account ready (POST /api/v1/subscriptions/{id}/provisioned): activation follows. */
  "subscription.provisioned",
  /** The ISV reported that provisioning failed, with its reason: the purchase stays pending, visible to staff. */
  "subscription.provisioning_failed",
] as const;

export const OTHER_EVENT_TYPES = [
  /** Who activated a purchase (the buyer on the landing page, an operator) and how it was recorded. */
  "activation.recorded",
  /** The activator was of neither the purchaser's nor the beneficiary's side, and the policy let them (warn). */
  "activation.outside_purchase",
  /** Someone outside the purchase opened its link and was refused (LANDING_TENANT_MISMATCH=refuse). */
  "activation.refused",
  /** The publisher asked Microsoft for a change (PATCH or DELETE). */
  "operation.requested",
  /** Microsoft finished it: Succeeded, Failed or Conflict. */
  "operation.finished",
  /** The publisher's policy answered a customer's plan or seat change, or a reinstatement. */
  "webhook.change_decided",
  // A delivery's own outcome (Applied, Ignored, Refused, Failed) is not an event: the inbox rows record it,
  // and the changes it made are events of their own. One more row per delivery would tax every webhook.
  /** Microsoft reported a subscription status it has not documented; the portal kept the last known one. */
  "webhook.unknown_status",
  /** An owner re-ran a delivery. */
  "webhook.rerun_requested",
  "reconcile.started",
  "reconcile.finished",
  "staff.role_granted",
  "staff.role_revoked",
  /** An owner created a key of the integration API (its name, prefix, scopes and expiry; never the secret). */
  "api_key.created",
  "api_key.revoked",
  /** A known key was refused (revoked, expired, or without the route's scope): at most one a minute per key. */
  "api_key.refused",
  /** An owner registered, changed, paused or deleted an outbound-event endpoint (never its secret). */
  "event_endpoint.created",
  "event_endpoint.updated",
  "event_endpoint.deleted",
  /** An owner sent the test event to an endpoint (delivered to it alone, as type endpoint.test). */
  "event_endpoint.tested",
  /** The portal disabled an endpoint: it answered 410, or failed without a success for too long. */
  "event_endpoint.disabled",
  /** An outbound event exhausted its retries (3 days) and was dead-lettered. */
  "event_delivery.dead_lettered",
  /** An owner replayed one event or a time range to an endpoint. */
  "event_delivery.replayed",
  /** An owner changed a portal setting stored in the database (e.g. the provisioning gate). */
  "setting.changed",
  /** The ISV's application posted usage (POST /api/v1/usage): how many records were accepted, duplicates, refused. */
  "usage.ingested",
  /** An hour's usage reached its end at Microsoft: accepted (or already there), nothing above the included quantity, or a dry run. */
  "usage.submitted",
  /** Records that arrived after their hour was sent were counted in a later hour (Microsoft takes one event per hour). */
  "usage.folded",
  /** An hour needs a person: Microsoft refused it, its 24-hour window passed, or the read-back disagrees. */
  "usage.flagged",
  /** An operator corrected a flagged hour (resolved with a note, or folded into the next open hour). */
  "usage.corrected",
] as const;

export type SubscriptionEventType = (typeof SUBSCRIPTION_EVENT_TYPES)[number];
export type EventType = SubscriptionEventType | (typeof OTHER_EVENT_TYPES)[number];
export const EVENT_TYPES: readonly EventType[] = [...SUBSCRIPTION_EVENT_TYPES, ...OTHER_EVENT_TYPES];

/** Every type is at version 1; a type whose data changes shape gets the next version, and readers handle both. */
export const EVENT_VERSION = 1;

export type Actor =
  | { type: "user"; id: string; label?: string | null }
  | { type: "microsoft"; label?: string }
  | { type: "system"; id: string };

export type EventSubject = {
  type:
    | "subscription"
    | "delivery"
    | "operation"
    | "user"
    | "reconciliation"
    | "api_key"
    | "event_endpoint"
    | "setting"
    | "usage_hour"
    | "api_usage";
  id: string;
};

/**
 * What a writer hands lib/data: the type, who did it, to what, the action in the portal's words (the audit
 * trail shows it: `webhook.ChangePlan`, `reconcile.repaired`, `role.granted`), and before/after (only what
 * changed, plus what the type adds). A subscription subject is also the event's subscription.
 */
export type NewEvent = {
  type: EventType;
  action: string;
  actor: Actor;
  subject: EventSubject;
  before?: unknown;
  after?: unknown;
};

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
