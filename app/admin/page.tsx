import type { Metadata } from "next";
import Link from "next/link";
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

const STATUS_LABELS: Record<string, string> = {
  PendingFulfillmentStart: "Pending activation",
  NotStarted: "Not started",
};

export default async function AdminOverviewPage({ searchParams }: Props) {
  if (!(await staffPageUser("viewer", "/admin"))) return <NoAccess role="viewer" />;
  // Only one value means anything; every other value (or none) keeps the default of leaving tests out.
  const includeTest = (await searchParams).test === "include";
  const o = await getOverview({ includeTest });
  const active = o.byStatus.find((s) => s.status === "Subscribed")?.count ?? 0;
  const list = (params: string) => `/admin/subscriptions?${params}${includeTest ? "" : "&test=no"}`;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Overview</h1>
        <p className="text-sm text-slate-700">
          {includeTest ? "Test purchases are included. " : "Test purchases are left out. "}
          <Link href={includeTest ? "/admin" : "/admin?test=include"} className="underline underline-offset-2">
            {includeTest ? "Leave them out" : "Include them"}
          </Link>
        </p>
      </header>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        <Stat label="Subscriptions" value={formatCount(o.total)} detail={`${formatCount(active)} active`} />
        <Stat
          label="Pending activation"
          value={formatCount(o.pending.total)}
          detail={
            o.pending.oldestSeconds !== null ? `oldest ${formatDuration(o.pending.oldestSeconds)}` : "none waiting"
          }
        />
        <Stat label="Active seats" value={formatCount(o.revenue.seats)} detail="per-seat plans, active subscriptions" />
        <Stat
          label="Monthly revenue (estimate)"
          value={
            o.revenue.totals.length
              ? o.revenue.totals.map((t) => (
                  <span key={t.currency} className="block">
                    {formatWholeMoney(t.amount, t.currency)}
                  </span>
                ))
              : "—"
          }
          detail="from list prices, each currency apart; see below"
        />
        <Stat
          label="Median time to activate"
          value={formatDuration(o.activation.medianSeconds)}
          detail={`90th percentile ${formatDuration(o.activation.p90Seconds)}`}
        />
      </dl>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel id="by-status" title="Subscriptions by status">
          <BarTable
            caption="Subscriptions by status"
            labelHeader="Status"
            valueHeader="Subscriptions"
            bars={o.byStatus.map((s) => ({
              key: s.status,
              value: s.count,
              label: (
                <Link href={list(`status=${s.status}`)} className="underline-offset-2 hover:underline">
                  {STATUS_LABELS[s.status] ?? s.status}
                </Link>
              ),
            }))}
          />
        </Panel>
        <Panel id="pending" title="Purchases not yet activated">
          <p className="text-sm text-slate-700">
            {o.pending.total
              ? `${formatCount(o.pending.total)} purchases wait for activation. Microsoft does not bill them until they are activated.`
              : "No purchase is waiting for activation."}{" "}
            {o.pending.total ? (
              <Link href={list("activation=pending&sort=purchased&dir=asc")} className="underline underline-offset-2">
                See them, oldest first
              </Link>
            ) : null}
          </p>
          <BarTable
            caption="Purchases waiting for activation, by time since purchase"
            labelHeader="Waiting for"
            valueHeader="Purchases"
            bars={o.pending.buckets.map((b) => ({ key: b.label, label: b.label, value: b.count }))}
          />
        </Panel>
      </div>

      <Panel id="per-day" title={`New purchases per day, last ${PURCHASE_DAYS} days`}>
        <DayChart title={`New purchases in the last ${PURCHASE_DAYS} days`} days={o.purchasesPerDay} />
      </Panel>

      <Panel id="activation" title="Time from purchase to activation">
        <dl className="grid grid-cols-3 gap-3 text-sm sm:max-w-xl">
          <div>
            <dt className="text-slate-600">Median</dt>
            <dd className="text-xl font-semibold">{formatDuration(o.activation.medianSeconds)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">90th percentile</dt>
            <dd className="text-xl font-semibold">{formatDuration(o.activation.p90Seconds)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Activations</dt>
            <dd className="text-xl font-semibold">{formatCount(o.activation.count)}</dd>
          </div>
        </dl>
        <p className="text-xs text-slate-600">
          Purchases of the last {ACTIVATION_DAYS} days that were activated in the portal, from Microsoft&apos;s purchase
          time to the activation.
        </p>
      </Panel>

      <Panel id="revenue" title="Estimated monthly revenue and seats by plan">
        <RevenueTable revenue={o.revenue} />
      </Panel>
    </div>
  );
}
