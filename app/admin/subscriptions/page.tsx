import type { Metadata } from "next";
import Link from "next/link";
import { staffPageUser } from "@/lib/auth/session";
import { NoAccess } from "../_components/no-access";
import { findAdminSubscriptions, listFilterOptions, type MatchCount } from "@/lib/data/admin-subscriptions";
import { isFiltered, LIST_PARAMS, parseListQuery } from "@/lib/data/admin-subscriptions-params";
import { pageParams } from "@/lib/http/page-params";
import type { RawSearchParams } from "@/lib/http/query";
import { exportHref, LIST_PATH, listHref } from "./_components/list-href";
import { ListFilters } from "./_components/list-filters";
import { ListPager } from "./_components/list-pager";
import { SubscriptionsTable } from "./_components/subscriptions-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Subscriptions" };

type Props = { searchParams: Promise<RawSearchParams> };

const number = new Intl.NumberFormat("en");

function matchText(m: MatchCount, filtered: boolean): string {
  const what = filtered ? (m.count === 1 && !m.capped ? "subscription matches" : "subscriptions match") : m.count === 1 && !m.capped ? "subscription" : "subscriptions";
  if (m.count === 0) return filtered ? "No subscriptions match" : "No subscriptions";
  return m.capped ? `More than ${number.format(m.count)} ${what}` : `${number.format(m.count)} ${what}`;
}

export default async function SubscriptionsPage({ searchParams }: Props) {
  if (!(await staffPageUser("viewer", "/admin/subscriptions"))) return <NoAccess role="viewer" />;
  const { query, notices } = parseListQuery(await pageParams(searchParams, LIST_PATH, LIST_PARAMS));
  const [result, offers] = await Promise.all([findAdminSubscriptions(query), listFilterOptions()]);
  const filtered = isFiltered(query);
  const paging = !!(query.after || query.before);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Subscriptions</h1>
      {notices.length ? (
        <ul role="status" className="list-inside list-disc rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {notices.map((n) => <li key={n}>{n}</li>)}
        </ul>
      ) : null}
      <ListFilters query={query} offers={offers} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p role="status" className="text-sm text-slate-700">{matchText(result.matches, filtered)}</p>
        {result.matches.count > 0 ? (
          <a href={exportHref(query)} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
            Export {filtered ? "these" : "all"} as CSV
          </a>
        ) : null}
      </div>
      {result.rows.length ? (
        <>
          <SubscriptionsTable rows={result.rows} query={query} />
          <ListPager query={query} page={result} />
        </>
      ) : paging ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-sm">
          Nothing more on this side: the rows may have changed since the link was made. <Link href={listHref(query)} className="underline underline-offset-2">Back to the first page</Link>
        </p>
      ) : filtered ? (
        <div className="rounded-lg border border-slate-200 bg-white p-6 text-sm">
          <p className="font-medium">No subscription matches this search and these filters.</p>
          <p className="mt-1 text-slate-600">Check the spelling, search for part of an e-mail or id, or <Link href={LIST_PATH} className="underline underline-offset-2">clear the filters</Link>.</p>
        </div>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white p-6 text-sm">
          <p className="font-medium">No subscriptions yet.</p>
          <p className="mt-1 text-slate-600">A subscription appears here as soon as Microsoft tells the portal about a purchase: when the buyer opens the landing page, or through the webhook.</p>
        </div>
      )}
    </div>
  );
}
