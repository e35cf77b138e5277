import Link from "next/link";
import { isCsp, isTestPurchase, type AdminSubscriptionRow } from "@/lib/data/admin-subscriptions";
import type { ListQuery, SortKey } from "@/lib/data/admin-subscriptions-params";
import { formatDate } from "@/lib/i18n/format";
import { StatusBadge } from "../../_components/status-badge";
import { listHref, SORT_LABELS } from "./list-href";

const DEFAULT_DIR: Record<SortKey, "asc" | "desc"> = { purchased: "desc", created: "desc", name: "asc", status: "asc", seats: "desc" };

/** A column header that sorts by its column: a link (works without JavaScript), with aria-sort on the current one. */
function SortHeader({ query, sort, children }: { query: ListQuery; sort: SortKey; children: React.ReactNode }) {
  const current = query.sort === sort;
  const dir = current ? (query.dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[sort];
  return (
    <th scope="col" className="p-2" aria-sort={current ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={listHref(query, { sort, dir })} className="inline-flex items-center gap-1 underline-offset-2 hover:underline">
        {children}
        <span className="sr-only">, sort {SORT_LABELS[sort][dir]}</span>
        {current ? <span aria-hidden="true">{query.dir === "asc" ? "▲" : "▼"}</span> : null}
      </Link>
    </th>
  );
}

function Flags({ r }: { r: AdminSubscriptionRow }) {
  const flags = [isTestPurchase(r) ? "Test" : null, r.isFreeTrial ? "Free trial" : null, isCsp(r) ? "CSP" : null].filter((f): f is string => !!f);
  if (!flags.length) return <span className="text-slate-400">—</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {flags.map((f) => <li key={f} className="rounded border border-slate-300 px-1.5 text-xs text-slate-700">{f}</li>)}
    </ul>
  );
}

export function SubscriptionsTable({ rows, query }: { rows: AdminSubscriptionRow[]; query: ListQuery }) {
  const order = SORT_LABELS[query.sort];
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Subscriptions, sorted by {order.label}, {order[query.dir]}</caption>
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr className="border-b border-slate-200">
            <SortHeader query={query} sort="name">Subscription</SortHeader>
            <SortHeader query={query} sort="status">Status</SortHeader>
            <th scope="col" className="p-2">Offer / plan</th>
            <SortHeader query={query} sort="seats">Seats</SortHeader>
            <th scope="col" className="p-2">Customer</th>
            <th scope="col" className="p-2">Flags</th>
            <SortHeader query={query} sort="purchased">Purchased</SortHeader>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 align-top last:border-0">
              <td className="p-2">
                <Link href={`/admin/subscriptions/${encodeURIComponent(r.id)}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">{r.name || r.id}</Link>
                <span className="block font-mono text-xs text-slate-500">{r.id}</span>
              </td>
              <td className="p-2"><StatusBadge status={r.status} /></td>
              <td className="p-2">{r.offerId} / {r.planId}</td>
              <td className="p-2 tabular-nums">{r.quantity ?? <span className="text-slate-400" title="Flat-rate plan">—</span>}</td>
              <td className="p-2">
                <span className="block">{r.beneficiaryEmail ?? "—"}</span>
                {r.purchaserEmail && r.purchaserEmail !== r.beneficiaryEmail ? <span className="block text-xs text-slate-600">bought by {r.purchaserEmail}</span> : null}
              </td>
              <td className="p-2"><Flags r={r} /></td>
              <td className="whitespace-nowrap p-2">{formatDate(r.purchasedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
