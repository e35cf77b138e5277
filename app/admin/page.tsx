import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { staffPageUser } from "@/lib/auth/session";
import { NoAccess } from "./_components/no-access";
import { ACTIVATION_DAYS, getOverview, PURCHASE_DAYS } from "@/lib/data/kpis";
import { BarTable } from "./_components/overview/bar-table";
import { DayChart } from "./_components/overview/day-chart";
import { formatCount, formatDuration, formatWholeMoney } from "./_components/overview/format";
import { RevenueTable } from "./_components/overview/revenue-table";
import { Panel, Stat } from "./_components/overview/stat";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin" };

type Props = { searchParams: Promise<{ test?: string | string[] }> };

type StatusWithLabel = "PendingFulfillmentStart" | "NotStarted";
const hasStatusLabel = (status: string): status is StatusWithLabel =>
  status === "PendingFulfillmentStart" || status === "NotStarted";

export default async function AdminOverviewPage({ searchParams }: Props) {
  if (!(await staffPageUser("viewer", "/admin"))) return <NoAccess role="viewer" />;
  // Only one value means anything; every other value (or none) keeps the default of leaving tests out.
  const includeTest = (await searchParams).test === "include";
  const o = await getOverview({ includeTest });
  const t = await getTranslations("staff.overview");
  const active = o.byStatus.find((s) => s.status === "Subscribed")?.count ?? 0;
  const list = (params: string) => `/admin/subscriptions?${params}${includeTest ? "" : "&test=no"}`;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-700">
          {includeTest ? t("testIncluded") : t("testLeftOut")}{" "}
          <Link href={includeTest ? "/admin" : "/admin?test=include"} className="underline underline-offset-2">
            {includeTest ? t("leaveOut") : t("include")}
          </Link>
        </p>
      </header>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        <Stat
          label={t("subscriptions")}
          value={formatCount(o.total)}
          detail={t("activeCount", { count: formatCount(active) })}
        />
        <Stat
          label={t("pendingActivation")}
          value={formatCount(o.pending.total)}
          detail={
            o.pending.oldestSeconds !== null
              ? t("oldest", { age: formatDuration(o.pending.oldestSeconds) })
              : t("noneWaiting")
          }
        />
        <Stat label={t("activeSeats")} value={formatCount(o.revenue.seats)} detail={t("activeSeatsDetail")} />
        <Stat
          label={t("monthlyRevenue")}
          value={
            o.revenue.totals.length
              ? o.revenue.totals.map((t) => (
                  <span key={t.currency} className="block">
                    {formatWholeMoney(t.amount, t.currency)}
                  </span>
                ))
              : "—"
          }
          detail={t("monthlyRevenueDetail")}
        />
        <Stat
          label={t("medianToActivate")}
          value={formatDuration(o.activation.medianSeconds)}
          detail={t("p90", { duration: formatDuration(o.activation.p90Seconds) })}
        />
      </dl>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel id="by-status" title={t("byStatus")}>
          <BarTable
            caption={t("byStatus")}
            labelHeader={t("status")}
            valueHeader={t("subscriptions")}
            bars={o.byStatus.map((s) => ({
              key: s.status,
              value: s.count,
              label: (
                <Link href={list(`status=${s.status}`)} className="underline-offset-2 hover:underline">
                  {hasStatusLabel(s.status) ? t(`statusLabels.${s.status}`) : s.status}
                </Link>
              ),
            }))}
          />
        </Panel>
        <Panel id="pending" title={t("notActivated")}>
          <p className="text-sm text-slate-700">
            {o.pending.total ? t("pendingText", { count: o.pending.total }) : t("pendingNone")}{" "}
            {o.pending.total ? (
              <Link href={list("activation=pending&sort=purchased&dir=asc")} className="underline underline-offset-2">
                {t("pendingLink")}
              </Link>
            ) : null}
          </p>
          <BarTable
            caption={t("pendingCaption")}
            labelHeader={t("waitingFor")}
            valueHeader={t("purchases")}
            bars={o.pending.buckets.map((b) => ({ key: b.label, label: b.label, value: b.count }))}
          />
        </Panel>
      </div>

      <Panel id="per-day" title={t("perDayTitle", { days: PURCHASE_DAYS })}>
        <DayChart title={t("perDayChart", { days: PURCHASE_DAYS })} days={o.purchasesPerDay} />
      </Panel>

      <Panel id="activation" title={t("activationTitle")}>
        <dl className="grid grid-cols-3 gap-3 text-sm sm:max-w-xl">
          <div>
            <dt className="text-slate-600">{t("median")}</dt>
            <dd className="text-xl font-semibold">{formatDuration(o.activation.medianSeconds)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("percentile90")}</dt>
            <dd className="text-xl font-semibold">{formatDuration(o.activation.p90Seconds)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("activations")}</dt>
            <dd className="text-xl font-semibold">{formatCount(o.activation.count)}</dd>
          </div>
        </dl>
        <p className="text-xs text-slate-600">{t("activationNote", { days: ACTIVATION_DAYS })}</p>
      </Panel>

      <Panel id="revenue" title={t("revenueTitle")}>
        <RevenueTable revenue={o.revenue} />
      </Panel>
    </div>
  );
}
