import type { PlanChoice } from "@/lib/operations/choices";

/**
 * The plans a buyer may switch to, with prices as Microsoft listed them for this very subscription (List
 * Available Plans answers in the buyer's market and currency): read fresh with the choices, never converted,
 * and never taken from another subscription's stored copy of the plan.
 */

export type Price = { amount: number; currency: string; termUnit: string | null };
export type PlanOffer = {
  planId: string;
  name: string;
  perSeat: boolean;
  minQuantity: number | null;
  maxQuantity: number | null;
  price: Price | null;
  /** Microsoft takes a per-seat plan only when the current seats are within its limits (change seats first). */
  fits: boolean;
};

/** The price for the subscription's billing term (else the plan's first), or null when Microsoft gave none. */
export function priceFor(plan: Pick<PlanChoice, "billingTerms">, termUnit: string | null): Price | null {
  const term = plan.billingTerms.find((t) => t.termUnit === termUnit) ?? plan.billingTerms[0];
  if (!term || term.price === null || !term.currency) return null;
  return { amount: term.price, currency: term.currency, termUnit: term.termUnit };
}

export function toPlanOffer(plan: PlanChoice, termUnit: string | null, seats: number | null = null): PlanOffer {
  const fits =
    !plan.perSeat ||
    seats === null ||
    (seats >= (plan.minQuantity ?? 1) && (plan.maxQuantity === null || seats <= plan.maxQuantity));
  return {
    fits,
    planId: plan.planId,
    name: plan.displayName,
    perSeat: plan.perSeat,
    minQuantity: plan.minQuantity,
    maxQuantity: plan.maxQuantity,
    price: priceFor(plan, termUnit),
  };
}
