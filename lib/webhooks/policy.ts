import type { ChangePolicy, WebhookSettings } from "@/lib/env";

/**
 * The publisher's answer to what a customer asks Microsoft for: a plan change, a seat change, a
 * reinstatement. Pure, so every rule is tested without Microsoft.
 *
 * - `accept` / `refuse`: every change of that kind.
 * - `upgrades`: a plan higher in WEBHOOK_PLAN_ORDER, or more seats. A plan the order does not list cannot
 *   be compared, so a change to or from it is refused (the publisher said "only upgrades").
 * - Rules per current plan (WEBHOOK_PLAN_RULES, key `offerId/planId` or `planId`) override the default.
 * - A change to what the subscription already has (a "revert": Microsoft's top-level planId equals the
 *   subscription's) is always accepted: refusing it would refuse nothing and confuse Microsoft.
 */

export type Decision = { accept: boolean; reason: string };

/** The subscription as a policy judges it: its offer, plan and seats. */
export type Current = { offerId: string; planId: string; quantity: number | null };

const keysOf = (offerId: string, planId: string) => [`${offerId}/${planId}`, planId];

function policyFor(
  settings: WebhookSettings,
  current: Current,
  kind: "plan" | "quantity",
): { policy: ChangePolicy; source: string } {
  for (const key of keysOf(current.offerId, current.planId)) {
    const rule = settings.planRules[key];
    if (rule) return { policy: rule[kind], source: `the rule for ${key}` };
  }
  return { policy: settings.changePolicy, source: "WEBHOOK_CHANGE_POLICY" };
}

function rank(settings: WebhookSettings, offerId: string, planId: string): number | undefined {
  for (const key of keysOf(offerId, planId)) {
    const index = settings.planOrder.indexOf(key);
    if (index >= 0) return index;
  }
  return undefined;
}

export function decidePlanChange(settings: WebhookSettings, current: Current, targetPlanId: string): Decision {
  if (targetPlanId === current.planId)
    return { accept: true, reason: `a change back to the current plan ${targetPlanId} is always accepted` };
  const { policy, source } = policyFor(settings, current, "plan");
  if (policy !== "upgrades") return { accept: policy === "accept", reason: `${source} says ${policy}` };
  const from = rank(settings, current.offerId, current.planId);
  const to = rank(settings, current.offerId, targetPlanId);
  if (from === undefined || to === undefined) {
    const unlisted = from === undefined ? current.planId : targetPlanId;
    return {
      accept: false,
      reason: `${source} accepts upgrades only, and WEBHOOK_PLAN_ORDER does not list ${unlisted}`,
    };
  }
  return to > from
    ? { accept: true, reason: `${current.planId} → ${targetPlanId} is an upgrade (${source})` }
    : {
        accept: false,
        reason: `${current.planId} → ${targetPlanId} is not an upgrade, and ${source} accepts upgrades only`,
      };
}

export function decideQuantityChange(
  settings: WebhookSettings,
  current: Current,
  targetQuantity: number | null,
): Decision {
  if (targetQuantity === current.quantity)
    return { accept: true, reason: `a change back to the current ${targetQuantity} seats is always accepted` };
  const { policy, source } = policyFor(settings, current, "quantity");
  if (policy !== "upgrades") return { accept: policy === "accept", reason: `${source} says ${policy}` };
  const more = targetQuantity !== null && (current.quantity === null || targetQuantity > current.quantity);
  return more
    ? { accept: true, reason: `${current.quantity ?? 0} → ${targetQuantity} seats is an increase (${source})` }
    : {
        accept: false,
        reason: `${current.quantity ?? 0} → ${targetQuantity ?? 0} seats is not an increase, and ${source} accepts increases only`,
      };
}

export function decideReinstate(settings: WebhookSettings): Decision {
  return settings.reinstatePolicy === "accept"
    ? { accept: true, reason: "WEBHOOK_REINSTATE_POLICY says accept" }
    : {
        accept: false,
        reason: "WEBHOOK_REINSTATE_POLICY says refuse: the subscription is cancelled instead, as Microsoft advises",
      };
}
