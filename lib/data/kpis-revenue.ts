import { z } from "zod";

/**
 * Estimated monthly recurring revenue from the plans' list prices (Microsoft's recurrentBillingTerms as
 * stored from listAvailablePlans). An estimate: it ignores private-offer discounts, taxes, Microsoft's fee,
 * metered usage and mid-term changes. Terms are spread evenly over their months (P1Y = price / 12), per-seat
 * prices are multiplied by the seats, free trials count nothing, and each currency is summed on its own.
 */

/** Active subscriptions of one plan and term, as counted by the database. */
export type SubscriptionGroup = {
  offerId: string;
  planId: string;
  termUnit: string | null;
  isFreeTrial: boolean;
  subscriptions: number;
  seats: number;
};
export type StoredPlan = {
  offerId: string;
  planId: string;
  displayName: string;
  isPricePerSeat: boolean;
  prices: unknown;
};

export type PlanRevenue = {
  offerId: string;
  planId: string;
  displayName: string | null;
  subscriptions: number;
  seats: number;
  perSeat: boolean;
  monthly: { currency: string; amount: number }[];
};
export type RevenueEstimate = {
  byPlan: PlanRevenue[];
  totals: { currency: string; amount: number }[];
  /** Active subscriptions whose plan or term has no stored price (the plan was never listed, or the term is unknown). */
  unpriced: { offerId: string; planId: string; termUnit: string | null; subscriptions: number }[];
  freeTrials: number;
  seats: number;
};

const termSchema = z.object({
  currency: z.string().trim().min(1),
  price: z.coerce.number().finite().nonnegative(),
  termUnit: z.string().trim(),
});

/** Months in an ISO 8601 term (P1M, P1Y, P3Y…), or null when it is not a whole number of months or years. */
export function termMonths(termUnit: string): number | null {
  const m = /^P(\d+)([MY])$/i.exec(termUnit.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 ? (m[2]!.toUpperCase() === "Y" ? n * 12 : n) : null;
}

/** The plan's valid price terms (malformed entries from Microsoft are skipped, not fatal). */
function termsOf(plan: StoredPlan | undefined) {
  if (!plan || !Array.isArray(plan.prices)) return [];
  return plan.prices.flatMap((t) => {
    const parsed = termSchema.safeParse(t);
    return parsed.success ? [parsed.data] : [];
  });
}

const key = (offerId: string, planId: string) => `${offerId}\u0000${planId}`;

export function estimateRevenue(groups: SubscriptionGroup[], plans: StoredPlan[]): RevenueEstimate {
  const planByKey = new Map(plans.map((p) => [key(p.offerId, p.planId), p]));
  const byPlan = new Map<string, PlanRevenue>();
  const totals = new Map<string, number>();
  const unpriced: RevenueEstimate["unpriced"] = [];
  let freeTrials = 0;
  let seats = 0;
  for (const g of groups) {
    const plan = planByKey.get(key(g.offerId, g.planId));
    const row = byPlan.get(key(g.offerId, g.planId)) ?? {
      offerId: g.offerId,
      planId: g.planId,
      displayName: plan?.displayName ?? null,
      subscriptions: 0,
      seats: 0,
      perSeat: plan?.isPricePerSeat ?? g.seats > 0,
      monthly: [],
    };
    byPlan.set(key(g.offerId, g.planId), row);
    row.subscriptions += g.subscriptions;
    row.seats += g.seats;
    seats += g.seats;
    if (g.isFreeTrial) {
      freeTrials += g.subscriptions;
      continue;
    }
    const terms = termsOf(plan);
    // A subscription without a term (rare, before activation) is priced only when the plan has a single term.
    const term = g.termUnit
      ? terms.find((t) => t.termUnit.toUpperCase() === g.termUnit!.toUpperCase())
      : terms.length === 1
        ? terms[0]
        : undefined;
    const months = term ? termMonths(term.termUnit) : null;
    if (!plan || !term || !months) {
      unpriced.push({ offerId: g.offerId, planId: g.planId, termUnit: g.termUnit, subscriptions: g.subscriptions });
      continue;
    }
    const amount = (term.price / months) * (plan.isPricePerSeat ? g.seats : g.subscriptions);
    const money = row.monthly.find((m) => m.currency === term.currency);
    if (money) money.amount += amount;
    else row.monthly.push({ currency: term.currency, amount });
    totals.set(term.currency, (totals.get(term.currency) ?? 0) + amount);
  }
  const sorted = [...byPlan.values()].sort(
    (a, b) => a.offerId.localeCompare(b.offerId) || a.planId.localeCompare(b.planId),
  );
  for (const p of sorted) p.monthly.sort((a, b) => a.currency.localeCompare(b.currency));
  return {
    byPlan: sorted,
    totals: [...totals]
      .map(([currency, amount]) => ({ currency, amount }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    unpriced,
    freeTrials,
    seats,
  };
}
