import type { Decision, DueHour, IncludedUse } from "@/lib/data/usage-hours";
import type { MeteringSubscription } from "@/lib/data/usage-ingest";
import { planKey } from "@/lib/data/usage-plans";
import { includedUnits, type MeteringPlan } from "./plans";

/**
 * How much of each hour is covered by the flat fee and how much is sent: the plan's included quantity is
 * spent per subscription term, hour after hour, and starts afresh when the term renews (the term start the
 * portal stores moves). Usage dated before the current term counts against a "before this term" bucket.
 * A plan change mid-term keeps what the term used so far and applies the new plan's included quantity:
 * Microsoft bills the plan the subscription is on when the event is sent.
 */

/** Microsoft takes an hour's usage for 24 hours after its start. */
export const WINDOW_MS = 24 * 3600_000;

export type DecideContext = {
  subscriptions: ReadonlyMap<string, MeteringSubscription>;
  plans: ReadonlyMap<string, MeteringPlan>;
  now: Date;
  dryRun: boolean;
};

const spentKey = (subscriptionId: string, dimension: string, termStart: Date | null) =>
  `${subscriptionId}|${dimension}|${termStart?.getTime() ?? "-"}`;

export function decideHours(hours: readonly DueHour[], used: readonly IncludedUse[], ctx: DecideContext): Decision[] {
  const spent = new Map(used.map((u) => [spentKey(u.subscriptionId, u.dimension, u.termStart), u.included]));
  const decisions: Decision[] = [];
  for (const hour of [...hours].sort((a, b) => a.hourStart.getTime() - b.hourStart.getTime())) {
    const sub = ctx.subscriptions.get(hour.subscriptionId);
    const plan = sub && ctx.plans.get(planKey(sub));
    // Without its plan the included quantity is unknown: the hour waits for the next run.
    if (!sub || !plan) continue;
    const termStart = sub.termStartDate && hour.hourStart >= sub.termStartDate ? sub.termStartDate : null;
    const key = spentKey(hour.subscriptionId, hour.dimension, termStart);
    const before = spent.get(key) ?? 0;
    const included = Math.min(hour.ingested, Math.max(0, includedUnits(plan, sub.termUnit, hour.dimension) - before));
    spent.set(key, before + included);
    const overage = roundQuantity(hour.ingested - included);
    const next: Decision["next"] =
      overage <= 0
        ? "included"
        : hour.hourStart.getTime() <= ctx.now.getTime() - WINDOW_MS
          ? "expired"
          : ctx.dryRun
            ? "dry-run"
            : "send";
    decisions.push({ id: hour.id, included, overage: Math.max(0, overage), planId: sub.planId, termStart, next });
  }
  return decisions;
}

/** Sums of doubles drift (0.1 + 0.2); Microsoft's quantities are decimals: keep 9 places. */
export const roundQuantity = (q: number): number => Math.round(q * 1e9) / 1e9;
