import { createTranslator } from "use-intl/core";
import { notificationsEn } from "@/lib/i18n/messages/notifications-en";
import type { NotificationRuleKind } from "./rules";
import { PENDING_LIMIT_DAYS } from "./rules";

// Staff-facing: English, from the message file (no request, so no locale negotiation).
const t = createTranslator({ locale: "en", messages: { notifications: notificationsEn }, namespace: "notifications" });

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
  if (!s) return fallbackId ? [[t("facts.subscription"), fallbackId]] : [];
  const facts: [string, string][] = [
    [t("facts.subscription"), s.name],
    [t("facts.offerPlan"), `${s.offerId} / ${s.planId}`],
  ];
  if (s.quantity !== null) facts.push([t("facts.seats"), String(s.quantity)]);
  facts.push([t("facts.status"), s.status]);
  return facts;
}

const subscriptionLink = (portalUrl: string, id: string) => ({
  label: t("links.subscription"),
  url: `${portalUrl}/admin/subscriptions/${encodeURIComponent(id)}`,
});

export function renderNotification(cause: NotificationCause, portalUrl: string): NotificationMessage | null {
  const { event, subscription: s } = cause;
  const data = record(cause.data);
  const after = record(event?.after);
  const subscriptionId = s?.id ?? event?.subscriptionId ?? text(data.subscriptionId) ?? null;
  const name = s?.name ?? subscriptionId ?? t("aSubscription");
  const facts = subscriptionFacts(s, subscriptionId);
  const toSubscription = subscriptionId ? subscriptionLink(portalUrl, subscriptionId) : null;

  switch (cause.ruleKind) {
    case "new_purchase":
      // The trigger already leaves out activations of known purchases; a replayed or hand-made one is skipped here too.
      if (!toSubscription || (event?.type === "subscription.activated" && event.before !== null)) return null;
      return {
        title: t("newPurchase.title", { name }),
        summary: t("newPurchase.summary", { plan: s?.planId ?? t("newPurchase.aPlan") }),
        facts,
        link: toSubscription,
      };
    case "suspension":
      if (!toSubscription) return null;
      return {
        title: t("suspension.title", { name }),
        summary: t("suspension.summary"),
        facts,
        link: toSubscription,
      };
    case "cancellation": {
      if (!toSubscription || !event) return null;
      const purchased = s?.purchasedAt ?? s?.createdAt ?? null;
      const unbilled = purchased !== null && event.at.getTime() - purchased.getTime() <= UNBILLED_CANCELLATION_MS;
      return {
        title: t("cancellation.title", { name }),
        summary: unbilled ? t("cancellation.unbilled") : t("cancellation.billed"),
        facts: purchased ? [...facts, [t("facts.purchased"), purchased.toISOString()]] : facts,
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
        title: t("changeRefused.title", { name }),
        summary: text(after.reason) ?? t("changeRefused.summary"),
        facts: change ? [...facts, [t("facts.asked"), change]] : facts,
        link: toSubscription,
      };
    }
    case "webhook_failing": {
      const status = text(data.status) ?? "Failed";
      const query = new URLSearchParams({ status });
      if (subscriptionId) query.set("subscription", subscriptionId);
      return {
        title: t("webhookFailing.title", {
          status: status.toLowerCase(),
          action: text(data.action) ?? t("webhookFailing.delivery"),
          name,
        }),
        summary: text(data.outcome) ?? t("webhookFailing.summary"),
        facts,
        link: { label: t("links.webhooks"), url: `${portalUrl}/admin/webhooks?${query}` },
      };
    }
    case "drift_repaired":
      if (!toSubscription) return null;
      return {
        title: t("driftRepaired.title", { name }),
        summary: t("driftRepaired.summary"),
        facts,
        link: toSubscription,
      };
    case "endpoint_disabled":
      return {
        title: t("endpointDisabled.title"),
        summary: text(after.reason) ?? t("endpointDisabled.summary"),
        facts: event ? [[t("facts.endpoint"), event.subjectId]] : [],
        link: { label: t("links.events"), url: `${portalUrl}/admin/events` },
      };
    case "usage_flagged":
      return {
        title: t("usageFlagged.title"),
        summary: t("usageFlagged.summary", {
          reason: text(after.reason) ?? text(after.flagReason) ?? t("usageFlagged.seeUsagePage"),
        }),
        facts: event ? [[t("facts.usageHour"), event.subjectId]] : [],
        link: { label: t("links.usage"), url: `${portalUrl}/admin/usage` },
      };
    case "pending_activation": {
      if (!toSubscription) return null;
      const days = Number(data.days ?? 0);
      const left = Math.max(0, PENDING_LIMIT_DAYS - days);
      const escalate = data.stage === "escalate";
      return {
        title: t(escalate ? "pendingActivation.urgentTitle" : "pendingActivation.title", { days: String(days), name }),
        summary: t("pendingActivation.summary", { limit: String(PENDING_LIMIT_DAYS), left: String(left) }),
        facts,
        link: toSubscription,
      };
    }
    case "credential_expiring": {
      const what = text(data.credential) ?? t("credentialExpiring.credential");
      const expired = data.status === "fail";
      return {
        title: t(expired ? "credentialExpiring.expired" : "credentialExpiring.expiresSoon", { what }),
        summary: text(data.detail) ?? t("credentialExpiring.summary", { what }),
        facts: text(data.fix) ? [[t("facts.whatToDo"), text(data.fix)!]] : [],
        link: { label: t("links.setup"), url: `${portalUrl}/admin/setup` },
      };
    }
  }
}
