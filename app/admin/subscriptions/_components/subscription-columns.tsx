import Link from "next/link";
import type { Column, ColumnSort } from "@/app/admin/_components/list/list-table";
import { StatusBadge } from "@/app/admin/_components/status-badge";
import { defaultDir, subscriptionList } from "@/lib/admin-list/subscriptions";
import {
  isAwaitingProvisioning,
  isCsp,
  isTestPurchase,
  type AdminSubscriptionRow,
} from "@/lib/data/admin-subscriptions";
import { provisioningAge, provisioningAgeText } from "@/lib/domain/provisioning";
import type { ListQuery, SortKey } from "@/lib/data/admin-subscriptions-params";
import { formatDate } from "@/lib/i18n/format";
import { SORT_LABELS } from "./list-labels";

function Flags({ r }: { r: AdminSubscriptionRow }) {
  const awaiting =
    isAwaitingProvisioning(r) && r.provisioningRequestedAt
      ? provisioningAgeText(provisioningAge(r.provisioningRequestedAt, r.purchasedAt))
      : null;
  const flags = [
    awaiting,
    isTestPurchase(r) ? "Test" : null,
    r.isFreeTrial ? "Free trial" : null,
    isCsp(r) ? "CSP" : null,
  ].filter((f): f is string => !!f);
  if (!flags.length) return <span className="text-slate-400">—</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {flags.map((f) => (
        <li
          key={f}
          className={`rounded border px-1.5 text-xs ${f === awaiting ? "border-amber-400 bg-amber-50 text-amber-900" : "border-slate-300 text-slate-700"}`}
        >
          {f}
        </li>
      ))}
    </ul>
  );
}

/** "Subscriptions, sorted by name, A to Z": the table's caption. */
export function subscriptionsCaption(query: ListQuery): string {
  const order = SORT_LABELS[query.sort];
  return `Subscriptions, sorted by ${order.label}, ${order[query.dir]}`;
}

/** The list's columns; a sortable one links to its sort (the other direction when it is the current one). */
export function subscriptionColumns(query: ListQuery): Column<AdminSubscriptionRow>[] {
  const sortBy = (sort: SortKey): ColumnSort => {
    const current = query.sort === sort;
    const dir = current ? (query.dir === "asc" ? "desc" : "asc") : defaultDir(sort);
    return {
      href: subscriptionList.hrefFor(query, { sort, dir }),
      current: current ? query.dir : undefined,
      hint: SORT_LABELS[sort][dir],
    };
  };
  return [
    {
      key: "name",
      header: "Subscription",
      sort: sortBy("name"),
      cell: (r) => (
        <>
          <Link
            href={`/admin/subscriptions/${encodeURIComponent(r.id)}`}
            className="font-medium text-brand-700 underline-offset-2 hover:underline"
          >
            {r.name || r.id}
          </Link>
          <span className="block font-mono text-xs text-slate-500">{r.id}</span>
        </>
      ),
    },
    { key: "status", header: "Status", sort: sortBy("status"), cell: (r) => <StatusBadge status={r.status} /> },
    { key: "plan", header: "Offer / plan", cell: (r) => `${r.offerId} / ${r.planId}` },
    {
      key: "seats",
      header: "Seats",
      sort: sortBy("seats"),
      className: "p-2 tabular-nums",
      cell: (r) =>
        r.quantity ?? (
          <span className="text-slate-400" title="Flat-rate plan">
            —
          </span>
        ),
    },
    {
      key: "customer",
      header: "Customer",
      cell: (r) => (
        <>
          <span className="block">{r.beneficiaryEmail ?? "—"}</span>
          {r.purchaserEmail && r.purchaserEmail !== r.beneficiaryEmail ? (
            <span className="block text-xs text-slate-600">bought by {r.purchaserEmail}</span>
          ) : null}
        </>
      ),
    },
    { key: "flags", header: "Flags", cell: (r) => <Flags r={r} /> },
    {
      key: "purchased",
      header: "Purchased",
      sort: sortBy("purchased"),
      className: "whitespace-nowrap p-2",
      cell: (r) => formatDate(r.purchasedAt),
    },
  ];
}
