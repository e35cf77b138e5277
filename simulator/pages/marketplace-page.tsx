/** @jsxImportSource hono/jsx */
// "Marketplace": buy a plan as a persona; the browser then lands on the portal with a fresh token.
import type { OfferSeed, Persona, PlanSeed, Tenant } from "../seed/load-seed";
import { Layout } from "./layout";

export type MarketplaceView = {
  personas: Persona[];
  offers: OfferSeed[];
  tenants: Tenant[];
  landingUrl: string;
  notice?: string;
  error?: string;
};

function price(plan: PlanSeed): string {
  return plan.planComponents.recurrentBillingTerms
    .map((t) => `${t.currency} ${t.price}${plan.isPricePerSeat ? "/user" : ""} per ${t.termUnit}`)
    .join(" · ");
}

function planDetails(plan: PlanSeed, tenantName: (id: string) => string): string {
  const parts = [
    plan.isPricePerSeat ? `per seat, ${plan.minQuantity ?? 1}–${plan.maxQuantity ?? "∞"} users` : "flat rate",
  ];
  if (plan.planComponents.meteringDimensions.length > 0)
    parts.push(`metered: ${plan.planComponents.meteringDimensions.map((d) => d.id).join(", ")}`);
  if (plan.hasFreeTrials) parts.push("1-month free trial");
  if (plan.autoActivation) parts.push("auto-activation (Subscribe webhook)");
  if (plan.isPrivate) parts.push(`private – ${(plan.audienceTenantIds ?? []).map(tenantName).join(", ")} only`);
  return parts.join("; ");
}

export function MarketplacePage(view: MarketplaceView) {
  const tenantName = (id: string): string => view.tenants.find((t) => t.id === id)?.displayName ?? id;
  return (
    <Layout title="Marketplace" notice={view.notice} error={view.error}>
      <p>
        Buy a plan as one of the personas. Microsoft then opens the publisher&apos;s landing page with a purchase token:
        you will be sent to <code>{view.landingUrl}?token=…</code>.
      </p>
      <form method="post" action="/marketplace/buy">
        <fieldset>
          <legend>Buyer</legend>
          <label for="personaId">Persona (the beneficiary)</label>
          <select id="personaId" name="personaId" required>
            {view.personas.map((p) => (
              <option
                key={p.id}
                value={p.id}
              >{`${p.name} – ${p.email ?? p.preferredUsername} (${tenantName(p.tenantId)})`}</option>
            ))}
          </select>
          <label for="cspPartnerPersonaId">Bought through a CSP partner (optional)</label>
          <select id="cspPartnerPersonaId" name="cspPartnerPersonaId">
            <option value="">— bought directly —</option>
            {view.personas.map((p) => (
              <option key={p.id} value={p.id}>{`${p.name} (${tenantName(p.tenantId)})`}</option>
            ))}
          </select>
          <label for="name">Subscription name (optional)</label>
          <input id="name" type="text" name="name" maxlength={200} />
        </fieldset>
        {view.offers.map((offer, offerIndex) => (
          <fieldset key={offer.offerId}>
            <legend>{`${offer.displayName} (${offer.offerId})`}</legend>
            {offer.plans.map((plan, planIndex) => {
              const id = `plan-${offer.offerId}-${plan.planId}`;
              const checked = offerIndex === 0 && planIndex === 0;
              return (
                <div key={plan.planId}>
                  <input
                    type="radio"
                    id={id}
                    name="plan"
                    value={`${offer.offerId}/${plan.planId}`}
                    checked={checked}
                    required
                    aria-describedby={`${id}-details`}
                  />{" "}
                  <label for={id} style="display:inline">
                    {`${plan.displayName} (${plan.planId}) – ${price(plan)}`}
                  </label>
                  <div id={`${id}-details`} class="muted" style="margin-left:1.6rem">
                    {planDetails(plan, tenantName)}
                  </div>
                </div>
              );
            })}
          </fieldset>
        ))}
        <fieldset>
          <legend>Options</legend>
          <label for="quantity">Seats (per-seat plans; empty = the plan&apos;s minimum)</label>
          <input id="quantity" type="number" name="quantity" min={1} />
          <label for="termUnit">Billing term</label>
          <select id="termUnit" name="termUnit">
            <option value="">The plan&apos;s first term</option>
            {["P1M", "P1Y", "P2Y", "P3Y", "P4Y", "P5Y"].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <div class="inline">
            <input id="isTest" type="checkbox" name="isTest" value="1" />
            <label for="isTest">Test subscription (isTest)</label>
          </div>
          <div class="inline">
            <input id="stay" type="checkbox" name="stay" value="1" />
            <label for="stay">Stay here and show the landing link instead of redirecting</label>
          </div>
        </fieldset>
        <button type="submit">Buy</button>
      </form>
    </Layout>
  );
}
