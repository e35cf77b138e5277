import { describe, expect, it } from "vitest";
import { channelInput, ruleInput } from "./input";
import { slackPayloadOf } from "./payloads";
import { renderNotification, type CauseEvent, type CauseSubscription, type NotificationCause } from "./render";
import { maskTarget, NOTIFICATION_RULE_KINDS, type NotificationRuleKind } from "./rules";

const PORTAL = "https://portal.example";
const purchasedAt = new Date("2026-11-01T10:00:00Z");
const subscription: CauseSubscription = {
  id: "sub-1",
  name: "Contoso production",
  offerId: "fabrikam-cloud",
  planId: "pro-seats",
  quantity: 10,
  status: "Unsubscribed",
  purchasedAt,
  createdAt: purchasedAt,
};
const event = (type: string, hoursAfterPurchase: number, after: unknown = null): CauseEvent => ({
  id: "1",
  type,
  at: new Date(purchasedAt.getTime() + hoursAfterPurchase * 3_600_000),
  subjectId: "sub-1",
  subscriptionId: "sub-1",
  before: null,
  after,
});
const cause = (ruleKind: NotificationRuleKind, over: Partial<NotificationCause> = {}): NotificationCause => ({
  ruleKind,
  event: event("x", 1, { accepted: false }),
  data: { subscriptionId: "sub-1", stage: "remind", days: 7, status: "Failed" },
  subscription,
  ...over,
});

describe("renderNotification", () => {
  it("says whether a cancellation falls in Microsoft's 72-hour unbilled window", () => {
    const within = renderNotification(cause("cancellation", { event: event("subscription.unsubscribed", 71) }), PORTAL);
    const after = renderNotification(cause("cancellation", { event: event("subscription.unsubscribed", 73) }), PORTAL);
    expect(within?.summary).toMatch(/within 72 hours.*does not bill/);
    expect(after?.summary).toMatch(/after the 72-hour unbilled window.*billed/);
  });

  it("skips a change decision that accepted", () => {
    expect(
      renderNotification(
        cause("change_refused", { event: event("webhook.change_decided", 1, { accepted: true }) }),
        PORTAL,
      ),
    ).toBeNull();
  });

  it("links every rule to a page of the portal under PORTAL_URL", () => {
    const expected: Record<NotificationRuleKind, string> = {
      new_purchase: "/admin/subscriptions/sub-1",
      pending_activation: "/admin/subscriptions/sub-1",
      suspension: "/admin/subscriptions/sub-1",
      cancellation: "/admin/subscriptions/sub-1",
      change_refused: "/admin/subscriptions/sub-1",
      webhook_failing: "/admin/webhooks?status=Failed&subscription=sub-1",
      drift_repaired: "/admin/subscriptions/sub-1",
      endpoint_disabled: "/admin/events",
      usage_flagged: "/admin/usage",
      credential_expiring: "/admin/setup",
    };
    for (const kind of NOTIFICATION_RULE_KINDS)
      expect(renderNotification(cause(kind), PORTAL)?.link.url).toBe(PORTAL + expected[kind]);
  });
});

describe("channel payloads and input", () => {
  it("escapes Slack's control characters in text it did not write", () => {
    const message = {
      title: "A <b> & c",
      summary: "<!channel>",
      facts: [],
      link: { label: "Open", url: `${PORTAL}/x` },
    };
    expect(JSON.stringify(slackPayloadOf([message]))).toContain("&lt;!channel&gt;");
  });

  it("masks webhook URLs and refuses plain http in production", () => {
    expect(maskTarget("slack", "https://hooks.slack.com/services/T000/B000/XXXXsecret1234")).toBe(
      "hooks.slack.com/…1234",
    );
    const input = { kind: "slack", name: "#ops", target: "http://hooks.example/x" };
    expect(channelInput(true).safeParse(input).success).toBe(false);
    expect(channelInput(false).safeParse(input).success).toBe(true);
    expect(channelInput(true).safeParse({ kind: "email", name: "Ops", target: "ops@x.example, nope" }).success).toBe(
      false,
    );
  });

  it("wants the pending reminder before the escalation", () => {
    const rule = { kind: "pending_activation", enabled: true, delivery: "immediate", channelIds: [] };
    expect(ruleInput.safeParse({ ...rule, params: { remindDays: 10, escalateDays: 5 } }).success).toBe(false);
    expect(ruleInput.parse({ ...rule, params: { remindDays: 5, escalateDays: 20 } }).params).toEqual({
      remindDays: 5,
      escalateDays: 20,
    });
  });
});
