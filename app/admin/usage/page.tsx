import type { Metadata } from "next";
import { hasRole } from "@/lib/auth/roles";
import { staffPageUser } from "@/lib/auth/session";
import {
  listFlaggedHours,
  listUsageHours,
  unrolledUsage,
  usageByDay,
  usageTotals,
  type UsageHourView,
} from "@/lib/data/usage-admin";
import { isGuid } from "@/lib/domain/ids";
import { getEnv } from "@/lib/env";
import { pageParams } from "@/lib/http/page-params";
import type { RawSearchParams } from "@/lib/http/query";
import { usagePeriod } from "@/lib/metering/period";
import { NoAccess } from "../_components/no-access";
import { DayChart } from "../_components/overview/day-chart";
import { CorrectHour } from "./_components/correct-hour";
import { SendNow } from "./_components/send-now";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Usage" };

type Props = { searchParams: Promise<RawSearchParams> };

const HOURS_SHOWN = 300;
const hour = (d: Date) => d.toISOString().slice(0, 13).replace("T", " ") + ":00 UTC";
const n = (q: number | null) => (q === null ? "—" : Number(q.toFixed(6)).toLocaleString("en-US"));
const cell = "p-2";

export default async function UsagePage({ searchParams }: Props) {
  const user = await staffPageUser("viewer", "/admin/usage");
  if (!user) return <NoAccess role="viewer" />;
  const params = await pageParams(searchParams, "/admin/usage", ["from", "to", "subscription", "state"]);
  const period = usagePeriod(params);
  const subscription = params.subscription?.toLowerCase();
  const filter = {
    from: period.from,
    to: period.to,
    subscriptionId: subscription && isGuid(subscription) ? subscription : undefined,
    state: params.state,
  };
  const [hours, totals, flagged, waiting, days] = await Promise.all([
    listUsageHours(filter, HOURS_SHOWN),
    usageTotals(filter),
    listFlaggedHours(100),
    unrolledUsage(),
    usageByDay(filter),
  ]);
  const canCorrect = hasRole(user.roles, "operator");
  const { dryRun } = getEnv().metering;
  const exportQuery = new URLSearchParams(
    Object.entries({ ...params, from: period.fromText, to: period.toText }).filter(
      (e): e is [string, string] => !!e[1],
    ),
  );
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Usage</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          Usage the application posts (POST /api/v1/usage) is added up per subscription, dimension and UTC hour. Five
          minutes past each hour the portal takes the plan&apos;s included quantity for the term first and sends
          Microsoft only the rest, one event per hour, exactly once. {waiting.records.toLocaleString("en-US")} record(s)
          ({n(waiting.quantity)} units) wait for their hour to end.
        </p>
        {canCorrect ? <SendNow /> : null}
        {dryRun ? (
          <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900">
            Dry run (METERING_DRY_RUN): nothing is sent to Microsoft. Hours show what would have been sent (status
            DryRun) and are never sent later.
          </p>
        ) : null}
      </header>

      <section aria-labelledby="flagged" className="space-y-2">
        <h2 id="flagged" className="text-lg font-semibold">
          Needs attention ({flagged.length})
        </h2>
        {flagged.length ? (
          <HourTable rows={flagged} caption="Flagged hours, oldest first" correct={canCorrect} />
        ) : (
          <p className="text-sm text-slate-700">Nothing flagged.</p>
        )}
        {flagged.length && !canCorrect ? (
          <p className="text-sm text-slate-700">Operators can resolve or fold a flagged hour.</p>
        ) : null}
      </section>

      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Period">
        <label>
          From{" "}
          <input type="date" name="from" defaultValue={period.fromText} className="ml-1 rounded border px-2 py-1" />
        </label>
        <label>
          To <input type="date" name="to" defaultValue={period.toText} className="ml-1 rounded border px-2 py-1" />
        </label>
        <label>
          Subscription id
          <input
            name="subscription"
            defaultValue={params.subscription ?? ""}
            className="ml-1 w-80 rounded border px-2 py-1"
          />
        </label>
        <label>
          State
          <select name="state" defaultValue={params.state ?? ""} className="ml-1 rounded border px-2 py-1">
            {["", "Pending", "Sending", "Done", "Flagged"].map((s) => (
              <option key={s} value={s}>
                {s || "All"}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-slate-800 px-3 py-1 text-white">
          Show
        </button>
        <a href={`/admin/usage/export?${exportQuery}`} className="underline underline-offset-2">
          Export CSV
        </a>
      </form>

      <section aria-labelledby="totals" className="space-y-2">
        <h2 id="totals" className="text-lg font-semibold">
          Totals, {period.fromText} to {period.toText}
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="sr-only">Totals per offer, plan and dimension</caption>
            <thead>
              <tr className="border-b border-slate-200 text-left">
                {[
                  "Offer",
                  "Plan",
                  "Dimension",
                  "Hours",
                  "Ingested",
                  "Included",
                  "Sent",
                  "Would send (dry run)",
                  "Waiting",
                  "Flagged",
                ].map((h) => (
                  <th key={h} scope="col" className={cell}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {totals.map((t) => (
                <tr key={`${t.offerId}/${t.planId}/${t.dimension}`} className="border-b border-slate-100">
                  <td className={cell}>{t.offerId ?? "—"}</td>
                  <td className={cell}>{t.planId ?? "—"}</td>
                  <td className={cell}>{t.dimension}</td>
                  <td className={cell}>{t.hours}</td>
                  <td className={cell}>{n(t.ingested)}</td>
                  <td className={cell}>{n(t.included)}</td>
                  <td className={cell}>{n(t.sent)}</td>
                  <td className={cell}>{n(t.wouldSend)}</td>
                  <td className={cell}>{n(t.waiting)}</td>
                  <td className={cell}>{t.flagged}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="per-day" className="space-y-4">
        <h2 id="per-day" className="text-lg font-semibold">
          Per day
        </h2>
        <DayChart title="Units used" days={days.map((d) => ({ day: d.day, count: d.ingested }))} />
        <DayChart
          title="Units Microsoft accepted (above the included quantity)"
          days={days.map((d) => ({ day: d.day, count: d.sent }))}
        />
      </section>

      <section aria-labelledby="hours" className="space-y-2">
        <h2 id="hours" className="text-lg font-semibold">
          Hours ({hours.length === HOURS_SHOWN ? `newest ${HOURS_SHOWN}; export for all` : hours.length})
        </h2>
        <HourTable rows={hours} caption="Usage hours of the period, newest first" correct={false} />
      </section>
    </div>
  );
}

function HourTable({ rows, caption, correct }: { rows: UsageHourView[]; caption: string; correct: boolean }) {
  const headings = [
    "Hour",
    "Subscription",
    "Dimension",
    "Ingested",
    "Included",
    "Sent",
    "State",
    "Microsoft",
    "Details",
  ];
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left">
            {[...headings, ...(correct ? ["Correct"] : [])].map((h) => (
              <th key={h} scope="col" className={cell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 align-top">
              <td className={`${cell} whitespace-nowrap`}>{hour(r.hourStart)}</td>
              <td className={cell}>
                <a href={`/admin/subscriptions/${r.subscriptionId}`} className="underline underline-offset-2">
                  {r.subscriptionName ?? r.subscriptionId}
                </a>
                <div className="text-xs text-slate-600">{r.planId ?? ""}</div>
              </td>
              <td className={cell}>{r.dimension}</td>
              <td className={cell}>{n(r.ingested)}</td>
              <td className={cell}>{n(r.included)}</td>
              <td className={cell}>{r.status === "DryRun" ? `${n(r.overage)} (would send)` : n(r.overage)}</td>
              <td className={cell}>{r.state}</td>
              <td className={cell}>
                {r.status ?? "—"}
                {r.usageEventId ? <div className="font-mono text-xs text-slate-600">{r.usageEventId}</div> : null}
                {r.reconStatus ? <div className="text-xs text-slate-600">read-back: {r.reconStatus}</div> : null}
              </td>
              <td className={`${cell} max-w-md whitespace-pre-line text-xs text-slate-700`}>
                {[r.flagReason, r.note].filter(Boolean).join("\n") || "—"}
              </td>
              {correct ? (
                <td className={cell}>
                  <CorrectHour id={r.id} canFold={!r.usageEventId} label={`${r.dimension} ${hour(r.hourStart)}`} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
