import { FilterButtons, FilterSelect, FilterText, ListFilters } from "@/app/admin/_components/list/list-filters";
import { LIST_PATH, PAGE_SIZES } from "@/lib/admin-list/subscriptions";
import type { OfferPlans } from "@/lib/data/admin-subscriptions";
import { SORT_KEYS, SUBSCRIPTION_STATUSES, type ListQuery } from "@/lib/data/admin-subscriptions-params";
import type { SubscriptionsT } from "./list-labels";

const YES_NO = (any: string, only: string, without: string) => (
  <>
    <option value="">{any}</option>
    <option value="yes">{only}</option>
    <option value="no">{without}</option>
  </>
);

/**
 * Search, filters, sort and page size. Plans are grouped by offer and carry their offer in the value
 * (offer/plan): the same plan id in two offers is two different plans.
 */
export function SubscriptionFilters({
  query,
  offers,
  t,
}: {
  query: ListQuery;
  offers: OfferPlans[];
  t: SubscriptionsT;
}) {
  const any = t("filters.any");
  const planValue = query.plan ? `${query.plan.offerId}/${query.plan.planId}` : undefined;
  return (
    <ListFilters action={LIST_PATH} label={t("filters.label")}>
      <FilterText
        search
        name="q"
        label={t("filters.search")}
        value={query.terms.join(" ")}
        maxLength={200}
        placeholder={t("filters.searchPlaceholder")}
        help={t("filters.searchHelp")}
      />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
        <FilterSelect name="status" label={t("filters.status")} value={query.status}>
          <option value="">{any}</option>
          {SUBSCRIPTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect name="offer" label={t("filters.offer")} value={query.offerId}>
          <option value="">{any}</option>
          {offers.map((o) => (
            <option key={o.offerId} value={o.offerId}>
              {o.offerId}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect name="plan" label={t("filters.plan")} value={planValue}>
          <option value="">{any}</option>
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
        <FilterSelect name="activation" label={t("filters.activation")} value={query.activation}>
          <option value="">{any}</option>
          <option value="pending">{t("filters.activationPending")}</option>
          <option value="activated">{t("filters.activationDone")}</option>
        </FilterSelect>
        <FilterSelect name="provisioning" label={t("filters.provisioning")} value={query.provisioning}>
          <option value="">{any}</option>
          <option value="awaiting">{t("filters.awaiting")}</option>
        </FilterSelect>
        <FilterSelect name="test" label={t("filters.test")} value={query.test}>
          {YES_NO(any, t("filters.testsOnly"), t("filters.noTests"))}
        </FilterSelect>
        <FilterSelect name="trial" label={t("filters.trial")} value={query.trial}>
          {YES_NO(any, t("filters.trialsOnly"), t("filters.noTrials"))}
        </FilterSelect>
        <FilterSelect name="csp" label={t("filters.csp")} value={query.csp}>
          {YES_NO(any, t("filters.cspOnly"), t("filters.noCsp"))}
        </FilterSelect>
        <FilterSelect name="size" label={t("filters.perPage")} value={String(query.size)}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </FilterSelect>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <FilterSelect name="sort" label={t("filters.sortBy")} value={query.sort}>
          {SORT_KEYS.map((k) => (
            <option key={k} value={k}>
              {t(`sort.${k}.option`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect name="dir" label={t("filters.order")} value={query.dir}>
          <option value="asc">{t("filters.ascending")}</option>
          <option value="desc">{t("filters.descending")}</option>
        </FilterSelect>
        <FilterButtons reset={LIST_PATH} />
      </div>
    </ListFilters>
  );
}
