import { z } from "zod";
import type { EventType } from "@/lib/domain/events";

/**
 * The notification rules owners choose from (Admin → Notifications). Each names what causes it: events of
 * the feed (fanned out by a trigger in the transaction of the event), a failed webhook delivery (a trigger
 * on its row), or a daily check (pending purchases, credential expiry). Pure: the admin page reads it too.
 * The migration seeds one NotificationRule row per kind with the same event types.
 */
export const NOTIFICATION_RULE_KINDS = [
  "new_purchase",
  "pending_activation",
  "suspension",
  "cancellation",
  "change_refused",
  "webhook_failing",
  "drift_repaired",
  "endpoint_disabled",
  "usage_flagged",
  "credential_expiring",
] as const;

export type NotificationRuleKind = (typeof NOTIFICATION_RULE_KINDS)[number];

type RuleInfo = { label: string; description: string; eventTypes: readonly EventType[] };

export const NOTIFICATION_RULES: Record<NotificationRuleKind, RuleInfo> = {
  new_purchase: {
    label: "New purchase",
    description: "A customer bought a plan (the portal saw the subscription for the first time).",
    // "activated" only when first seen already active (the fan-out trigger filters on an empty before).
    eventTypes: ["subscription.created", "subscription.activated"],
  },
  pending_activation: {
    label: "Purchase pending activation",
    description:
      "A purchase is still waiting for activation after the reminder's days, and again near Microsoft's 30-day limit (it then cancels the purchase). Checked daily.",
    eventTypes: [],
  },
  suspension: {
    label: "Suspension",
    description: "Microsoft suspended a subscription (usually a failed payment).",
    eventTypes: ["subscription.suspended"],
  },
  cancellation: {
    label: "Cancellation",
    description: "A subscription was cancelled; says when it fell in the 72-hour window that Microsoft does not bill.",
    eventTypes: ["subscription.unsubscribed"],
  },
  change_refused: {
    label: "Customer change refused by policy",
    description: "The webhook policy refused a customer's plan or seat change, or a reinstatement.",
    eventTypes: ["webhook.change_decided"],
  },
  webhook_failing: {
    label: "Webhook delivery refused or failing",
    description: "A webhook delivery from Microsoft was refused, or the queue gave up applying it.",
    eventTypes: [],
  },
  drift_repaired: {
    label: "Reconciliation drift repaired",
    description: "Reconciliation found a subscription that differed from Microsoft's and no webhook had said so.",
    eventTypes: ["subscription.repaired"],
  },
  endpoint_disabled: {
    label: "Outbound-event endpoint disabled",
    description: "The portal disabled one of your application's event endpoints (410, or failing for too long).",
    eventTypes: ["event_endpoint.disabled"],
  },
  usage_flagged: {
    label: "Metering items flagged",
    description:
      "An hour of metered usage needs a person: Microsoft refused it, its 24 hours passed, or the read-back disagrees.",
    eventTypes: ["usage.flagged"],
  },
  credential_expiring: {
    label: "Credential expiring",
    description:
      "The Marketplace app's client secret or certificate expires within 30 days, or has expired. Checked daily.",
    eventTypes: [],
  },
};

/** Microsoft cancels a purchase left in PendingFulfillmentStart for 30 days. */
export const PENDING_LIMIT_DAYS = 30;

export const ZPendingParams = z.object({
  remindDays: z.coerce.number().int().min(1).max(28).default(7),
  escalateDays: z.coerce.number().int().min(2).max(29).default(25),
});

export type PendingParams = z.output<typeof ZPendingParams>;

export const isRuleKind = (value: string): value is NotificationRuleKind =>
  (NOTIFICATION_RULE_KINDS as readonly string[]).includes(value);

export const CHANNEL_KINDS = ["email", "teams", "slack"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A webhook URL is a secret: the page shows its host and last four characters only. */
export function maskTarget(kind: ChannelKind, target: string): string {
  if (kind === "email") return target;
  try {
    return `${new URL(target).host}/…${target.slice(-4)}`;
  } catch {
    return `…${target.slice(-4)}`;
  }
}
