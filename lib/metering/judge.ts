import type { MeteringSubscription } from "@/lib/data/usage-ingest";
import { planKey } from "@/lib/data/usage-plans";
import type { UsageRecordBody, UsageRefusal } from "@/lib/integration-api/usage-schemas";
import type { MeteringPlan } from "./plans";

/**
 * Decides each posted record against what Microsoft says (the subscription, its status, its plan's
 * dimensions) and the time rules, without touching the database: the caller has read what it needs for
 * the whole request at once.
 */

/** Usage dated a little ahead of the portal's clock is the caller's clock running fast, not the future. */
export const FUTURE_SLACK_MS = 5 * 60_000;

export type Verdict = { ok: true } | { ok: false; code: UsageRefusal; detail: string };

export type JudgeContext = {
  subscriptions: ReadonlyMap<string, MeteringSubscription>;
  plans: ReadonlyMap<string, MeteringPlan>;
  now: Date;
  maxAgeHours: number;
};

const refuse = (code: UsageRefusal, detail: string): Verdict => ({ ok: false, code, detail });

export function judgeRecord(record: UsageRecordBody, ctx: JudgeContext): Verdict {
  if (!Number.isFinite(record.quantity) || record.quantity <= 0)
    return refuse(
      "invalid-quantity",
      "The quantity must be a number greater than 0. Send usage only when there was some.",
    );
  const at = Date.parse(record.occurredAt);
  if (at > ctx.now.getTime() + FUTURE_SLACK_MS)
    return refuse(
      "in-the-future",
      "occurredAt is in the future. Send usage once it happened; check your server's clock.",
    );
  if (at < ctx.now.getTime() - ctx.maxAgeHours * 3600_000)
    return refuse(
      "too-old",
      `occurredAt is more than ${ctx.maxAgeHours} hours ago: too old to be billed. Send usage every hour, as it happens.`,
    );
  const sub = ctx.subscriptions.get(record.subscriptionId.toLowerCase());
  if (!sub)
    return refuse(
      "unknown-subscription",
      "The portal knows no subscription with this id. Use Microsoft's SaaS subscription id of an activated purchase.",
    );
  if (sub.status === "Suspended" || sub.status === "Unsubscribed") {
    // Microsoft bills usage from before a cancellation (and refuses it for a suspended resource, which
    // the submission then flags): usage after the change is never billed.
    if (!sub.inactiveSince || at >= sub.inactiveSince.getTime())
      return refuse(
        "after-cancellation",
        `The subscription is ${sub.status} since ${sub.inactiveSince?.toISOString() ?? "an unknown time"}: usage after that is not billed.`,
      );
  } else if (sub.status !== "Subscribed")
    return refuse(
      "subscription-not-active",
      `The subscription is ${sub.status}: only an activated (Subscribed) subscription can be metered.`,
    );
  const plan = ctx.plans.get(planKey(sub));
  if (!plan)
    return refuse(
      "plan-unavailable",
      `The portal could not read plan ${sub.planId} from Microsoft just now. Send this record again in a few minutes.`,
    );
  if (!plan.dimensions.has(record.dimension))
    return refuse(
      "unknown-dimension",
      `Plan ${sub.planId} has no dimension "${record.dimension}"${plan.dimensions.size ? ` (it has: ${[...plan.dimensions].join(", ")})` : " (it is not a metered plan)"}.`,
    );
  return { ok: true };
}
