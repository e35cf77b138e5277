import type { PlanInput } from "@/lib/data/plans";
import type { Plan, SubscriptionSnapshot } from "@/lib/marketplace";

/** What the landing page shows about a purchase: everything from Microsoft, nothing from the browser. */
export type PurchaseView = {
  subscriptionId: string;
  name: string;
  offerId: string;
  status: SubscriptionSnapshot["status"];
  plan: {
    id: string;
    name: string;
    description: string | null;
    perSeat: boolean;
    price: { amount: number; currency: string; termUnit: string | null; termDescription: string | null } | null;
    meters: { id: string; name: string; pricePerUnit: number | null; currency: string | null; unit: string | null }[];
  };
  quantity: number | null;
  term: { unit: string | null; start: Date | null; end: Date | null };
  autoRenew: boolean;
  purchaser: { email: string | null; tenantId: string | null };
  beneficiary: { email: string | null; tenantId: string | null };
  markers: { test: boolean; freeTrial: boolean; csp: boolean };
};

export function toPurchaseView(s: SubscriptionSnapshot, plan: Plan | undefined): PurchaseView {
  const terms = plan?.planComponents?.recurrentBillingTerms ?? [];
  const term = terms.find((t) => t.termUnit === s.term.termUnit) ?? terms[0];
  return {
    subscriptionId: s.id,
    name: s.name,
    offerId: s.offerId,
    status: s.status,
    plan: {
      id: s.planId,
      name: plan?.displayName || s.planId,
      description: plan?.description ?? null,
      perSeat: plan?.isPricePerSeat ?? s.quantity !== null,
      price:
        term?.price !== undefined && term.currency
          ? {
              amount: term.price,
              currency: term.currency,
              termUnit: term.termUnit ?? null,
              termDescription: term.termDescription ?? null,
            }
          : null,
      meters: (plan?.planComponents?.meteringDimensions ?? []).map((d) => ({
        id: d.id ?? "",
        name: d.displayName ?? d.id ?? "",
        pricePerUnit: d.pricePerUnit ?? null,
        currency: d.currency ?? null,
        unit: d.unitOfMeasure ?? null,
      })),
    },
    // Seats mean something only on a per-seat plan (Microsoft's answers may carry a quantity for others).
    quantity: plan?.isPricePerSeat === false ? null : s.quantity,
    term: { unit: s.term.termUnit, start: s.term.startDate, end: s.term.endDate },
    autoRenew: s.autoRenew,
    purchaser: { email: s.purchaser.email, tenantId: s.purchaser.tenantId },
    beneficiary: { email: s.beneficiary.email, tenantId: s.beneficiary.tenantId },
    markers: {
      test: s.isTest || s.sessionMode === "DryRun",
      freeTrial: s.isFreeTrial,
      // A CSP partner (or reseller) bought it for the customer: the purchaser's tenant is not the beneficiary's.
      csp:
        s.sandboxType === "Csp" ||
        (!!s.purchaser.tenantId && !!s.beneficiary.tenantId && s.purchaser.tenantId !== s.beneficiary.tenantId),
    },
  };
}

/** The portal's copy of a plan (for the admin views and revenue estimates). */
export function toPlanInput(offerId: string, plan: Plan): PlanInput {
  return {
    offerId,
    planId: plan.planId,
    displayName: plan.displayName || plan.planId,
    description: plan.description ?? null,
    isPrivate: plan.isPrivate ?? false,
    isPricePerSeat: plan.isPricePerSeat ?? false,
    hasFreeTrials: plan.hasFreeTrials ?? false,
    isStopSell: plan.isStopSell ?? false,
    minQuantity: plan.minQuantity ?? null,
    maxQuantity: plan.maxQuantity ?? null,
    market: plan.market ?? null,
    prices: JSON.parse(JSON.stringify(plan.planComponents?.recurrentBillingTerms ?? [])),
    meteringDimensions: JSON.parse(JSON.stringify(plan.planComponents?.meteringDimensions ?? [])),
  };
}

/**
 * Activate's body: the purchased plan, and the purchased quantity only for a per-seat plan, as Microsoft's
 * plan says (`isPricePerSeat`), not because a quantity came along: Microsoft's answers and samples are not
 * consistent about quantity on flat-rate plans, and Activate refuses one there. When the plan could not be
 * read, no quantity is sent: Activate needs only the plan id to start the purchase as bought (Microsoft
 * keeps the purchased seats; the SaaS Accelerator never sends a quantity), whereas a quantity sent to a
 * flat-rate plan fails. Refusing to activate instead would block a buyer over a read that only decides an
 * optional field.
 */
export function activationBody(
  snapshot: Pick<SubscriptionSnapshot, "planId" | "quantity">,
  plan: Pick<Plan, "isPricePerSeat"> | undefined,
): { planId: string; quantity?: number } {
  return {
    planId: snapshot.planId,
    ...(plan?.isPricePerSeat === true && snapshot.quantity !== null ? { quantity: snapshot.quantity } : {}),
  };
}
