import Link from "next/link";
import type { OfferPlans } from "@/lib/data/admin-subscriptions";
import { PAGE_SIZES, SORT_KEYS, SUBSCRIPTION_STATUSES, type ListQuery } from "@/lib/data/admin-subscriptions-params";
import { LIST_PATH, SORT_LABELS, STATUS_LABELS } from "./list-href";

const field = "flex flex-col gap-1 text-sm";
const control = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm";

// Labels point at their control (htmlFor) rather than wrap it: a wrapped select lends its selected option's
// text to the label's accessible name ("Status Any").
function Select({ name, label, value, children }: { name: string; label: string; value: string | undefined; children: React.ReactNode }) {
  return (
    <div className={field}>
      <label htmlFor={`list-${name}`} className="font-medium text-slate-700">{label}</label>
      <select id={`list-${name}`} name={name} defaultValue={value ?? ""} className={control}>
        {children}
      </select>
    </div>
  );
}

const YES_NO = (only: string, without: string) => (
  <>
    <option value="">Any</option>
    <option value="yes">{only}</option>
    <option value="no">{without}</option>
  </>
);

/**
 * Search, filters and sort as a plain GET form: every state is a URL, so it works without JavaScript,
 * can be bookmarked and shared, and the back button behaves. Plans are grouped by offer and carry their
 * offer in the value (offer/plan): the same plan id in two offers is two different plans.
 */
export function ListFilters({ query, offers }: { query: ListQuery; offers: OfferPlans[] }) {
  const planValue = query.plan ? `${query.plan.offerId}/${query.plan.planId}` : undefined;
  return (
    <form method="get" action={LIST_PATH} role="search" aria-label="Search and filter subscriptions" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className={field}>
        <label htmlFor="list-search" className="font-medium text-slate-700">Search</label>
        <input
          id="list-search"
          type="search"
          name="q"
          defaultValue={query.terms.join(" ")}
          maxLength={200}
          placeholder="Name, subscription id, purchaser or beneficiary e-mail, tenant id"
          aria-describedby="list-search-help"
          className={`${control} w-full max-w-xl`}
        />
        <p id="list-search-help" className="text-xs text-slate-500">Matches any part of a field; several words must all match.</p>
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
        <Select name="status" label="Status" value={query.status}>
          <option value="">Any</option>
          {SUBSCRIPTION_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
        </Select>
        <Select name="offer" label="Offer" value={query.offerId}>
          <option value="">Any</option>
          {offers.map((o) => <option key={o.offerId} value={o.offerId}>{o.offerId}</option>)}
        </Select>
        <Select name="plan" label="Plan" value={planValue}>
          <option value="">Any</option>
          {offers.map((o) => (
            <optgroup key={o.offerId} label={o.offerId}>
              {/* The offer is in each option's text too: not every screen reader announces the group. */}
              {o.plans.map((p) => <option key={p.planId} value={`${o.offerId}/${p.planId}`}>{`${o.offerId} / ${p.planId}${p.displayName ? ` (${p.displayName})` : ""}`}</option>)}
            </optgroup>
          ))}
        </Select>
        <Select name="activation" label="Activation" value={query.activation}>
          <option value="">Any</option>
          <option value="pending">Pending activation</option>
          <option value="activated">Activated in the portal</option>
        </Select>
        <Select name="test" label="Test" value={query.test}>{YES_NO("Tests only", "No tests")}</Select>
        <Select name="trial" label="Free trial" value={query.trial}>{YES_NO("Trials only", "No trials")}</Select>
        <Select name="csp" label="CSP" value={query.csp}>{YES_NO("CSP only", "No CSP")}</Select>
        <Select name="size" label="Per page" value={String(query.size)}>
          {PAGE_SIZES.map((n) => <option key={n} value={n}>{n}</option>)}
        </Select>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <Select name="sort" label="Sort by" value={query.sort}>
          {SORT_KEYS.map((k) => <option key={k} value={k}>{SORT_LABELS[k].label.replace(/^./, (c) => c.toUpperCase())}</option>)}
        </Select>
        <Select name="dir" label="Order" value={query.dir}>
          <option value="asc">Ascending</option>
          <option value="desc">Descending</option>
        </Select>
        <button type="submit" className="rounded bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700">Apply</button>
        <Link href={LIST_PATH} className="py-1.5 text-sm underline underline-offset-2">Reset</Link>
      </div>
    </form>
  );
}
