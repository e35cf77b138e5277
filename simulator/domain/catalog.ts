// Offers, plans and personas in effect (seed files, or the ones given to POST /_sim/reset).
import type { Plan } from "../api-types";
import type { SimContext } from "../context";
import type { OfferSeed, Persona, PlanSeed, Tenant } from "../seed/load-seed";
import type { SubscriptionRecord } from "../core/state";

export function offers(ctx: SimContext): OfferSeed[] {
  return ctx.store.state.catalog?.offers ?? ctx.seed.offers;
}

export function personas(ctx: SimContext): Persona[] {
  return ctx.store.state.catalog?.personas ?? ctx.seed.personas;
}

export function findOffer(ctx: SimContext, offerId: string): OfferSeed | undefined {
  return offers(ctx).find((offer) => offer.offerId === offerId);
}

/** Plan ids are unique per offer only (both seed offers have a `basic` plan), so always look up by both. */
export function findPlan(ctx: SimContext, offerId: string, planId: string): PlanSeed | undefined {
  return findOffer(ctx, offerId)?.plans.find((plan) => plan.planId === planId);
}

export function findPersona(ctx: SimContext, personaId: string): Persona | undefined {
  return personas(ctx).find((persona) => persona.id === personaId);
}

export function findTenant(ctx: SimContext, idOrDomain: string): Tenant | undefined {
  const key = idOrDomain.toLowerCase();
  return ctx.seed.tenants.find((tenant) => tenant.id === key || tenant.domains.includes(key));
}

export function isPlanVisibleTo(plan: PlanSeed, tenantId: string): boolean {
  return !plan.isPrivate || (plan.audienceTenantIds ?? []).includes(tenantId);
}

/** The Plan object of listAvailablePlans; `sourceOffers` only when the caller filtered by planId. */
export function toApiPlan(plan: PlanSeed, sourceOffers?: Array<{ externalId: string }>): Plan {
  const { audienceTenantIds: _audience, privateOfferId: _privateOffer, autoActivation: _auto, ...spec } = plan;
  return sourceOffers ? { ...spec, sourceOffers } : spec;
}

/**
 * Plans the beneficiary may switch to: the current plan plus every other plan of the same offer that is
 * visible to the beneficiary's tenant, not stop-sold, and of the same pricing model (flat rate ↔ per seat
 * is not a plan change Microsoft allows).
 */
export function availablePlans(ctx: SimContext, sub: SubscriptionRecord): PlanSeed[] {
  const offer = findOffer(ctx, sub.offerId);
  if (!offer) return [];
  const current = offer.plans.find((plan) => plan.planId === sub.planId);
  return offer.plans.filter(
    (plan) =>
      plan.planId === sub.planId ||
      (isPlanVisibleTo(plan, sub.beneficiary.tenantId) &&
        !plan.isStopSell &&
        plan.isPricePerSeat === (current?.isPricePerSeat ?? plan.isPricePerSeat)),
  );
}
