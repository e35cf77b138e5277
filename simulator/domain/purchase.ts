// The buyer's side: buying a plan as a persona, and landing-page tokens for new and existing subscriptions.
import { z } from "zod";
import type { SimContext } from "../context";
import { isoSeconds } from "../core/clock";
import { newGuid } from "../core/ids";
import type { SubscriptionRecord } from "../core/state";
import { findUser, identityOf, userLabel } from "../entra/users";
import { findOffer, findTenant, isPlanVisibleTo } from "./catalog";
import { createOperation } from "./operations";
import { sealPurchaseToken } from "./purchase-token";
import { fail, ok, type Result } from "./result";
import { termDates } from "./term";

export const ZPurchaseInput = z.object({
  /** Persona id, or any e-mail (ad-hoc user, as on the sign-in page). */
  personaId: z.string().min(1),
  offerId: z.string().min(1),
  planId: z.string().min(1),
  /** Seats for per-seat plans (default: the plan's minimum); must be absent for flat-rate plans. */
  quantity: z.coerce.number().int().positive().optional(),
  /** Billing term; default: the plan's first term. */
  termUnit: z.enum(["P1M", "P1Y", "P2Y", "P3Y", "P4Y", "P5Y"]).optional(),
  /** CSP purchase: this partner persona buys for `personaId` (purchaser ≠ beneficiary, allowedCustomerOperations ["Read"]). */
  cspPartnerPersonaId: z.string().min(1).optional(),
  isTest: z.boolean().optional(),
  name: z.string().min(1).max(200).optional(),
});

export type PurchaseInput = z.infer<typeof ZPurchaseInput>;
export type PurchaseResult = {
  subscriptionId: string;
  token: string;
  landingUrl: string;
  subscription: SubscriptionRecord;
};

/** A fresh purchase token for the subscription and the landing URL Microsoft would open with it. */
export function landingToken(ctx: SimContext, subscriptionId: string): { token: string; landingUrl: string } {
  const issuedAtMs = ctx.clock.nowMs();
  const token = sealPurchaseToken(ctx.purchaseTokenKey, {
    subscriptionId,
    issuedAtMs,
    expiresAtMs: issuedAtMs + ctx.settings.purchaseTokenTtlMs,
  });
  const landing = new URL(ctx.settings.landingUrl);
  // Built by hand: URLSearchParams would encode spaces as "+", the reference's encodeURIComponent form is wanted.
  const separator = landing.search ? "&" : "?";
  return { token, landingUrl: `${ctx.settings.landingUrl}${separator}token=${encodeURIComponent(token)}` };
}

export function purchase(ctx: SimContext, input: PurchaseInput): Result<PurchaseResult> {
  const buyer = findUser(ctx, input.personaId);
  if (!buyer) return fail(400, "BadArgument", `Unknown persona or e-mail '${input.personaId}'.`, "personaId");
  const partner = input.cspPartnerPersonaId ? findUser(ctx, input.cspPartnerPersonaId) : undefined;
  if (input.cspPartnerPersonaId && !partner)
    return fail(400, "BadArgument", `Unknown CSP partner '${input.cspPartnerPersonaId}'.`, "cspPartnerPersonaId");
  if (partner && partner.tenantId === buyer.tenantId)
    return fail(400, "BadArgument", "A CSP partner buys for a customer in another tenant.", "cspPartnerPersonaId");
  const offer = findOffer(ctx, input.offerId);
  const plan = offer?.plans.find((p) => p.planId === input.planId);
  if (!offer || !plan)
    return fail(404, "EntityNotFound", `Plan ${input.planId} of offer ${input.offerId} not found.`, "planId");
  if (!isPlanVisibleTo(plan, buyer.tenantId))
    return fail(403, "Forbidden", `Private plan ${plan.planId} is not offered to tenant ${buyer.tenantId}.`, "planId");
  if (plan.isStopSell) return fail(400, "BadArgument", `Plan ${plan.planId} is no longer sold.`, "planId");
  let quantity: number | undefined;
  if (plan.isPricePerSeat) {
    quantity = input.quantity ?? plan.minQuantity ?? 1;
    if (
      (plan.minQuantity !== undefined && quantity < plan.minQuantity) ||
      (plan.maxQuantity !== undefined && quantity > plan.maxQuantity)
    ) {
      return fail(
        400,
        "BadArgument",
        `Quantity ${quantity} is outside [${plan.minQuantity ?? 1}, ${plan.maxQuantity ?? "∞"}] for plan ${plan.planId}.`,
        "quantity",
      );
    }
  } else if (input.quantity !== undefined) {
    return fail(400, "BadArgument", `Plan ${plan.planId} is flat-rate; it takes no quantity.`, "quantity");
  }
  const terms = plan.planComponents.recurrentBillingTerms;
  const term = input.termUnit ? terms.find((t) => t.termUnit === input.termUnit) : terms[0];
  if (!term) return fail(400, "BadArgument", `Plan ${plan.planId} has no ${input.termUnit ?? ""} term.`, "termUnit");

  const now = ctx.clock.now();
  const tenantName = findTenant(ctx, buyer.tenantId)?.displayName ?? buyer.name;
  const sub: SubscriptionRecord = {
    id: newGuid(),
    publisherId: ctx.seed.publisher.publisherId,
    offerId: offer.offerId,
    planId: plan.planId,
    name: input.name ?? `${tenantName} ${plan.displayName}`,
    ...(quantity !== undefined ? { quantity } : {}),
    status: plan.autoActivation ? "Subscribed" : "PendingFulfillmentStart",
    beneficiary: identityOf(buyer),
    purchaser: identityOf(partner ?? buyer),
    // Pending subscriptions show the term they would get today; Activate sets the real one.
    term: { termUnit: term.termUnit, ...termDates(term.termUnit, now) },
    autoRenew: true,
    isTest: input.isTest ?? false,
    isFreeTrial: plan.hasFreeTrials,
    allowedCustomerOperations: partner ? ["Read"] : ["Read", "Update", "Delete"],
    sandboxType: "None",
    sessionMode: "None",
    created: isoSeconds(now),
    sim: {
      ...(buyer.personaId ? { beneficiaryPersonaId: buyer.personaId } : {}),
      ...(partner?.personaId ? { purchaserPersonaId: partner.personaId } : {}),
      ...(plan.privateOfferId ? { privateOfferId: plan.privateOfferId } : {}),
    },
  };
  ctx.store.state.subscriptions.push(sub);
  ctx.store.changed();
  if (plan.autoActivation) {
    // Auto-activation: billing starts now and the publisher learns about it from a Subscribe webhook.
    const op = createOperation(ctx, sub, { action: "Subscribe", source: "Azure", inProgress: false });
    ctx.webhooks.notify(op, structuredClone(sub));
  }
  // No e-mail addresses in the log (personal data): persona ids and tenants only.
  const via = partner ? ` via ${userLabel(partner)} (tenant ${partner.tenantId})` : "";
  ctx.log.info(
    `purchase ${offer.offerId}/${plan.planId} by ${userLabel(buyer)} (tenant ${buyer.tenantId})${via} → ${sub.id}`,
  );
  return ok({ subscriptionId: sub.id, ...landingToken(ctx, sub.id), subscription: sub });
}
