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
import type { SubscriptionsT } from "./list-labels";

function Flags({ r, t }: { r: AdminSubscriptionRow; t: SubscriptionsT }) {
  const awaiting =
    isAwaitingProvisioning(r) && r.provisioningRequestedAt
      ? provisioningAgeText(provisioningAge(r.provisioningRequestedAt, r.purchasedAt))
      : null;
  const flags = [
    awaiting,
    isTestPurchase(r) ? t("flags.test") : null,
    r.isFreeTrial ? t("flags.freeTrial") : null,
    isCsp(r) ? t("flags.csp") : null,
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
export function subscriptionsCaption(query: ListQuery, t: SubscriptionsT): string {
  return t("caption", { sort: t(`sort.${query.sort}.label`), order: t(`sort.${query.sort}.${query.dir}`) });
}

/** The list's columns; a sortable one links to its sort (the other direction when it is the current one). */
export function subscriptionColumns(query: ListQuery, t: SubscriptionsT): Column<AdminSubscriptionRow>[] {
  const sortBy = (sort: SortKey): ColumnSort => {
    const current = query.sort === sort;
    const dir = current ? (query.dir === "asc" ? "desc" : "asc") : defaultDir(sort);
    return {
      href: subscriptionList.hrefFor(query, { sort, dir }),
      current: current ? query.dir : undefined,
      hint: t(`sort.${sort}.${dir}`),
    };
  };
  return [
    {
      key: "name",
      header: t("columns.name"),
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
    {
      key: "status",
      header: t("columns.status"),
      sort: sortBy("status"),
      cell: (r) => <StatusBadge status={r.status} />,
    },
    { key: "plan", header: t("columns.plan"), cell: (r) => `${r.offerId} / ${r.planId}` },
    {
      key: "seats",
      header: t("columns.seats"),
      sort: sortBy("seats"),
      className: "p-2 tabular-nums",
      cell: (r) =>
        r.quantity ?? (
          <span className="text-slate-400" title={t("columns.flatRate")}>
            —
          </span>
        ),
    },
    {
      key: "customer",
      header: t("columns.customer"),
      cell: (r) => (
        <>
          <span className="block">{r.beneficiaryEmail ?? "—"}</span>
          {r.purchaserEmail && r.purchaserEmail !== r.beneficiaryEmail ? (
            <span className="block text-xs text-slate-600">{t("columns.boughtBy", { email: r.purchaserEmail })}</span>
          ) : null}
        </>
      ),
    },
    { key: "flags", header: t("columns.flags"), cell: (r) => <Flags r={r} t={t} /> },
    {
      key: "purchased",
      header: t("columns.purchased"),
      sort: sortBy("purchased"),
      className: "whitespace-nowrap p-2",
      cell: (r) => formatDate(r.purchasedAt),
    },
  ];
}
