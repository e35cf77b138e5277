import { z } from "zod";
import { jsonSetting, optionalText, refuse, whenWellFormed } from "./shared";

/** What the portal answers to a customer's plan or seat change: everything, nothing, or only upgrades. */
export const CHANGE_POLICIES = ["accept", "refuse", "upgrades"] as const;
const ZChangePolicy = z.enum(CHANGE_POLICIES);
export type ChangePolicy = z.output<typeof ZChangePolicy>;

/** A rule for one plan: one policy for plan and seat changes alike, or each its own (unset: WEBHOOK_CHANGE_POLICY). */
const ZPlanRule = z.union([
  ZChangePolicy,
  z.strictObject({ plan: ZChangePolicy.optional(), quantity: ZChangePolicy.optional() }),
]);

/** The webhook Microsoft calls: how large a body it takes, and how it decides customers' changes. */
const variables = z.object({
  /** Largest webhook body accepted, in bytes (Microsoft's are about 2 KB); a larger one is answered 413. */
  WEBHOOK_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
  /** Customer plan and seat changes (ChangePlan/ChangeQuantity webhooks): accept | refuse | upgrades. */
  WEBHOOK_CHANGE_POLICY: ZChangePolicy.default("accept"),
  /** Plans from lowest to highest (`planId` or `offerId/planId`, comma-separated): what `upgrades` compares. */
  WEBHOOK_PLAN_ORDER: optionalText.transform((v) =>
    (v ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  ),
  /** Rules per current plan, JSON: {"<planId or offerId/planId>": "refuse" | {"plan": "upgrades", "quantity": "accept"}}. */
  WEBHOOK_PLAN_RULES: jsonSetting(
    {
      name: "WEBHOOK_PLAN_RULES",
      fallback: "{}",
      example: '{"enterprise":"refuse","pro-seats":{"plan":"upgrades"}}',
      rootLabel: "rules",
    },
    z.record(z.string().trim().min(1), ZPlanRule),
  ),
  /** Reinstatement after a fixed payment (Reinstate webhook): accept | refuse (refusing cancels the subscription). */
  WEBHOOK_REINSTATE_POLICY: z.enum(["accept", "refuse"]).default("accept"),
});

const policies = (rule: z.output<typeof ZPlanRule>, fallback: ChangePolicy) =>
  typeof rule === "string"
    ? { plan: rule, quantity: rule }
    : { plan: rule.plan ?? fallback, quantity: rule.quantity ?? fallback };

function toWebhook(v: z.output<typeof variables>) {
  const fallback = v.WEBHOOK_CHANGE_POLICY;
  return {
    webhook: {
      maxBodyBytes: v.WEBHOOK_MAX_BODY_BYTES,
      /** For plan changes (`plan`) and seat changes (`quantity`) of subscriptions no rule names. */
      changePolicy: fallback,
      /** Plan keys (`planId` or `offerId/planId`), lowest first. */
      planOrder: v.WEBHOOK_PLAN_ORDER,
      /** Per current plan key: the policy for its plan and seat changes. */
      planRules: Object.fromEntries(
        Object.entries(v.WEBHOOK_PLAN_RULES).map(([key, rule]) => [key, policies(rule, fallback)] as const),
      ),
      reinstatePolicy: v.WEBHOOK_REINSTATE_POLICY,
    },
  };
}

function refusals(v: z.output<typeof variables>): string[] {
  const { changePolicy, planOrder, planRules } = toWebhook(v).webhook;
  // Without an order every plan change would be refused under `upgrades`: a silent lock-in, so refuse to start.
  const needsOrder = changePolicy === "upgrades" || Object.values(planRules).some((r) => r.plan === "upgrades");
  if (needsOrder && planOrder.length === 0) {
    return [
      "WEBHOOK_PLAN_ORDER is required when plan changes are decided by `upgrades`: list the plans from lowest to highest, e.g. basic,pro-seats,enterprise.",
    ];
  }
  return [];
}

export const ZWebhookSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform(toWebhook);
export type WebhookSettings = z.output<typeof ZWebhookSettings>["webhook"];
