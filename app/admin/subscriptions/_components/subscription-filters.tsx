import { FilterButtons, FilterSelect, FilterText, ListFilters } from "@/app/admin/_components/list/list-filters";
import { LIST_PATH, PAGE_SIZES } from "@/lib/admin-list/subscriptions";
import type { OfferPlans } from "@/lib/data/admin-subscriptions";
import { SORT_KEYS, SUBSCRIPTION_STATUSES, type ListQuery } from "@/lib/data/admin-subscriptions-params";
import { SORT_LABELS, STATUS_LABELS } from "./list-labels";

const YES_NO = (only: string, without: string) => (
  <>
    <option value="">Any</option>
    <option value="yes">{only}</option>
    <option value="no">{without}</option>
  </>
);

/**
 * Search, filters, sort and page size. Plans are grouped by offer and carry their offer in the value
 * (offer/plan): the same plan id in two offers is two different plans.
 */
export function SubscriptionFilters({ query, offers }: { query: ListQuery; offers: OfferPlans[] }) {
  const planValue = query.plan ? `${query.plan.offerId}/${query.plan.planId}` : undefined;
  return (
    <ListFilters action={LIST_PATH} label="Search and filter subscriptions">
      <FilterText
        search
        name="q"
        label="Search"
        value={query.terms.join(" ")}
        maxLength={200}
        placeholder="Name, subscription id, purchaser or beneficiary e-mail, tenant id"
        help="Matches any part of a field; several words must all match."
      />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
        <FilterSelect name="status" label="Status" value={query.status}>
          <option value="">Any</option>
          {SUBSCRIPTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect name="offer" label="Offer" value={query.offerId}>
          <option value="">Any</option>
          {offers.map((o) => (
            <option key={o.offerId} value={o.offerId}>
              {o.offerId}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect name="plan" label="Plan" value={planValue}>
          <option value="">Any</option>
          {offers.map((o) => (
            <optgroup key={o.offerId} label={o.offerId}>
              {/* The offer is in each option's text too: not every screen reader announces the group. */}
              {o.plans.map((p) => (
                <option
                  key={p.planId}
                  value={`${o.offerId}/${p.planId}`}
                >{`${o.offerId} / ${p.planId}${p.displayName ? ` (${p.displayName})` : ""}`}</option>
              ))}
            </optgroup>
          ))}
        </FilterSelect>
        <FilterSelect name="activation" label="Activation" value={query.activation}>
          <option value="">Any</option>
          <option value="pending">Pending activation</option>
          <option value="activated">Activated in the portal</option>
        </FilterSelect>
        <FilterSelect name="provisioning" label="Provisioning" value={query.provisioning}>
          <option value="">Any</option>
          <option value="awaiting">Awaiting provisioning</option>
        </FilterSelect>
        <FilterSelect name="test" label="Test" value={query.test}>
          {YES_NO("Tests only", "No tests")}
        </FilterSelect>
        <FilterSelect name="trial" label="Free trial" value={query.trial}>
          {YES_NO("Trials only", "No trials")}
        </FilterSelect>
        <FilterSelect name="csp" label="CSP" value={query.csp}>
          {YES_NO("CSP only", "No CSP")}
        </FilterSelect>
        <FilterSelect name="size" label="Per page" value={String(query.size)}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </FilterSelect>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <FilterSelect name="sort" label="Sort by" value={query.sort}>
          {SORT_KEYS.map((k) => (
            <option key={k} value={k}>
              {SORT_LABELS[k].label.replace(/^./, (c) => c.toUpperCase())}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect name="dir" label="Order" value={query.dir}>
          <option value="asc">Ascending</option>
          <option value="desc">Descending</option>
        </FilterSelect>
        <FilterButtons reset={LIST_PATH} />
      </div>
    </ListFilters>
  );
}
