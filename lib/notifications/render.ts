import type { NotificationRuleKind } from "./rules";
import { PENDING_LIMIT_DAYS } from "./rules";

/**
 * What a notification says, whatever the channel: a title, a line or two, facts, and the link to the portal
 * page that explains it. Pure: built from the cause (the feed's event, or what a scheduled check found) and
 * the subscription it concerns. Null when the cause turns out not to concern the rule (a change decision
 * that accepted): the sender skips it.
 */

export type NotificationMessage = {
  title: string;
  summary: string;
  facts: [label: string, value: string][];
  link: { label: string; url: string };
};

export type CauseEvent = {
  id: string;
  type: string;
  at: Date;
  subjectId: string;
  subscriptionId: string | null;
  before: unknown;
  after: unknown;
};

export type CauseSubscription = {
  id: string;
  name: string;
  offerId: string;
  planId: string;
  quantity: number | null;
  status: string;
  purchasedAt: Date | null;
  createdAt: Date;
};

export type NotificationCause = {
  ruleKind: NotificationRuleKind;
  event: CauseEvent | null;
  data: unknown;
  subscription: CauseSubscription | null;
};

/** Microsoft does not bill a cancellation within 72 hours of the purchase (Cancel subscription, [DOC]). */
export const UNBILLED_CANCELLATION_MS = 72 * 3_600_000;

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" ? String(value) : undefined;

function subscriptionFacts(s: CauseSubscription | null, fallbackId: string | null): [string, string][] {
  if (!s) return fallbackId ? [["Subscription", fallbackId]] : [];
  const facts: [string, string][] = [
    ["Subscription", s.name],
    ["Offer / plan", `${s.offerId} / ${s.planId}`],
  ];
  if (s.quantity !== null) facts.push(["Seats", String(s.quantity)]);
  facts.push(["Status", s.status]);
  return facts;
}

const subscriptionLink = (portalUrl: string, id: string) => ({
  label: "Open the subscription",
  url: `${portalUrl}/admin/subscriptions/${encodeURIComponent(id)}`,
});

export function renderNotification(cause: NotificationCause, portalUrl: string): NotificationMessage | null {
  const { event, subscription: s } = cause;
  const data = record(cause.data);
  const after = record(event?.after);
  const subscriptionId = s?.id ?? event?.subscriptionId ?? text(data.subscriptionId) ?? null;
  const name = s?.name ?? subscriptionId ?? "a subscription";
  const facts = subscriptionFacts(s, subscriptionId);
  const toSubscription = subscriptionId ? subscriptionLink(portalUrl, subscriptionId) : null;

  switch (cause.ruleKind) {
    case "new_purchase":
      // The trigger already leaves out activations of known purchases; a replayed or hand-made one is skipped here too.
      if (!toSubscription || (event?.type === "subscription.activated" && event.before !== null)) return null;
      return {
        title: `New purchase: ${name}`,
        summary: `A customer bought ${s?.planId ?? "a plan"}.`,
        facts,
        link: toSubscription,
      };
    case "suspension":
      if (!toSubscription) return null;
      return {
        title: `Suspended: ${name}`,
        summary:
          "Microsoft suspended the subscription (usually a failed payment); the customer keeps it for 30 days before it is cancelled.",
        facts,
        link: toSubscription,
      };
    case "cancellation": {
      if (!toSubscription || !event) return null;
      const purchased = s?.purchasedAt ?? s?.createdAt ?? null;
      const unbilled = purchased !== null && event.at.getTime() - purchased.getTime() <= UNBILLED_CANCELLATION_MS;
      return {
        title: `Cancelled: ${name}`,
        summary: unbilled
          ? "Cancelled within 72 hours of the purchase: Microsoft does not bill it."
          : "Cancelled after the 72-hour unbilled window: the term is billed and the customer has lost access.",
        facts: purchased ? [...facts, ["Purchased", purchased.toISOString()]] : facts,
        link: toSubscription,
      };
    }
    case "change_refused": {
      if (after.accepted !== false || !toSubscription) return null;
      const change =
        after.from !== undefined || after.to !== undefined
          ? `${text(after.from) ?? "?"} → ${text(after.to) ?? "?"}`
          : null;
      return {
        title: `Customer change refused: ${name}`,
        summary: text(after.reason) ?? "The webhook policy refused the customer's change.",
        facts: change ? [...facts, ["Asked", change]] : facts,
        link: toSubscription,
      };
    }
    case "webhook_failing": {
      const status = text(data.status) ?? "Failed";
      const query = new URLSearchParams({ status });
      if (subscriptionId) query.set("subscription", subscriptionId);
      return {
        title: `Webhook delivery ${status.toLowerCase()}: ${text(data.action) ?? "delivery"} for ${name}`,
        summary: text(data.outcome) ?? "A webhook delivery from Microsoft needs an owner's look.",
        facts,
        link: { label: "Open the webhook inbox", url: `${portalUrl}/admin/webhooks?${query}` },
      };
    }
    case "drift_repaired":
      if (!toSubscription) return null;
      return {
        title: `Reconciliation repaired: ${name}`,
        summary: "The portal's copy differed from Microsoft's and no webhook had said so; it now holds Microsoft's.",
        facts,
        link: toSubscription,
      };
    case "endpoint_disabled":
      return {
        title: "Outbound-event endpoint disabled",
        summary: text(after.reason) ?? "The portal disabled an endpoint of your application.",
        facts: event ? [["Endpoint", event.subjectId]] : [],
        link: { label: "Open Outbound events", url: `${portalUrl}/admin/events` },
      };
    case "usage_flagged":
      return {
        title: "Metered usage needs a person",
        summary: `An hour of usage was flagged (${text(after.reason) ?? text(after.flagReason) ?? "see the usage page"}).`,
        facts: event ? [["Usage hour", event.subjectId]] : [],
        link: { label: "Open Usage", url: `${portalUrl}/admin/usage` },
      };
    case "pending_activation": {
      if (!toSubscription) return null;
      const days = Number(data.days ?? 0);
      const left = Math.max(0, PENDING_LIMIT_DAYS - days);
      const escalate = data.stage === "escalate";
      return {
        title: `${escalate ? "Urgent: " : ""}Purchase pending activation for ${days} days: ${name}`,
        summary: `Microsoft cancels a purchase that is not activated within ${PENDING_LIMIT_DAYS} days: ${left} day(s) left.`,
        facts,
        link: toSubscription,
      };
    }
    case "credential_expiring": {
      const what = text(data.credential) ?? "credential";
      const expired = data.status === "fail";
      return {
        title: expired ? `The Marketplace ${what} has expired` : `The Marketplace ${what} expires soon`,
        summary: text(data.detail) ?? `The ${what} needs renewing.`,
        facts: text(data.fix) ? [["What to do", text(data.fix)!]] : [],
        link: { label: "Open Setup", url: `${portalUrl}/admin/setup` },
      };
    }
  }
}
