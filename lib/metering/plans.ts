import "server-only";
import { z } from "zod";
import { upsertPlans } from "@/lib/data/plans";
import { findPlans, planKey } from "@/lib/data/usage-plans";
import type { MeteringSubscription } from "@/lib/data/usage-ingest";
import { toPlanInput } from "@/lib/landing/purchase-view";
import { log } from "@/lib/log";
import { getMarketplaceClient, isMarketplaceError, type MarketplaceClient } from "@/lib/marketplace";

/**
 * A plan's metering terms, as Microsoft's List Available Plans describes them: its dimensions
 * (`planComponents.meteringDimensions`) and, per billing term, the quantity of each dimension included in
 * the flat fee (`recurrentBillingTerms[].meteredQuantityIncluded`). The portal keeps plans in its Plan
 * table (the landing page stores them too) and asks Microsoft again when a copy is missing or older than
 * a day: dimensions cannot change once an offer is published, but a plan can be added.
 */

export const PLAN_CACHE_MS = 24 * 3600_000;

export type MeteringPlan = {
  offerId: string;
  planId: string;
  dimensions: ReadonlySet<string>;
  /** Units of each dimension included per term, by the term's unit (P1M, P1Y…). */
  includedByTerm: ReadonlyMap<string, ReadonlyMap<string, number>>;
};

const ZDimensions = z.array(z.looseObject({ id: z.string() })).catch([]);
const ZTerms = z
  .array(
    z.looseObject({
      termUnit: z.string().optional(),
      meteredQuantityIncluded: z
        .array(z.looseObject({ dimensionId: z.string(), units: z.union([z.string(), z.number()]) }))
        .optional(),
    }),
  )
  .catch([]);

/** A plan's two JSON columns as stored, or as just read from Microsoft. */
type PlanTerms = { offerId: string; planId: string; prices: unknown; meteringDimensions: unknown };

export function toMeteringPlan(plan: PlanTerms): MeteringPlan {
  const includedByTerm = new Map<string, Map<string, number>>();
  for (const term of ZTerms.parse(plan.prices)) {
    const included = new Map<string, number>();
    for (const { dimensionId, units } of term.meteredQuantityIncluded ?? []) {
      const value = Number(units);
      if (Number.isFinite(value) && value > 0) included.set(dimensionId, value);
    }
    includedByTerm.set(term.termUnit ?? "", included);
  }
  return {
    offerId: plan.offerId,
    planId: plan.planId,
    dimensions: new Set(ZDimensions.parse(plan.meteringDimensions).map((d) => d.id)),
    includedByTerm,
  };
}

/** Units of `dimension` included in one term of `termUnit` (0 when the plan names none). */
export function includedUnits(plan: MeteringPlan, termUnit: string | null, dimension: string): number {
  const term = plan.includedByTerm.get(termUnit ?? "") ?? [...plan.includedByTerm.values()][0];
  return term?.get(dimension) ?? 0;
}

/**
 * The metering plans of these subscriptions, from the portal's copy, refreshed from Microsoft when missing
 * or stale. A plan Microsoft cannot be asked about now is served from a stale copy, or is absent (the
 * caller refuses its records with a reason to retry).
 */
export async function meteringPlans(
  subscriptions: Iterable<MeteringSubscription>,
  now: Date,
  client?: MarketplaceClient,
): Promise<Map<string, MeteringPlan>> {
  const wanted = new Map<string, MeteringSubscription>();
  for (const s of subscriptions) if (!wanted.has(planKey(s))) wanted.set(planKey(s), s);
  const cached = await findPlans([...wanted.values()]);
  const result = new Map<string, MeteringPlan>();
  for (const [key, sub] of wanted) {
    const copy = cached.get(key);
    if (copy && now.getTime() - copy.updatedAt.getTime() < PLAN_CACHE_MS) {
      result.set(key, toMeteringPlan(copy));
      continue;
    }
    const fresh = await fetchPlan(sub, client ?? getMarketplaceClient());
    const plan = fresh ?? copy;
    if (plan) result.set(key, toMeteringPlan(plan));
  }
  return result;
}

async function fetchPlan(sub: MeteringSubscription, client: MarketplaceClient): Promise<PlanTerms | undefined> {
  try {
    const [plan] = await client.listAvailablePlans(sub.id, { planId: sub.planId });
    if (!plan) return undefined;
    const input = toPlanInput(sub.offerId, plan);
    await upsertPlans([input]);
    return input;
  } catch (e) {
    log.warn(
      { offerId: sub.offerId, planId: sub.planId, kind: isMarketplaceError(e) ? e.kind : "error" },
      "metering: plan could not be read from Microsoft",
    );
    return undefined;
  }
}
