import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
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
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff.usage"))("title") };
}

type Props = { searchParams: Promise<RawSearchParams> };

const HOURS_SHOWN = 300;
const hour = (d: Date) => d.toISOString().slice(0, 13).replace("T", " ") + ":00 UTC";
const n = (q: number | null) => (q === null ? "—" : Number(q.toFixed(6)).toLocaleString("en-US"));
const cell = "p-2";
const TOTALS_HEADINGS = [
  "offer",
  "plan",
  "dimension",
  "hours",
  "ingested",
  "included",
  "sent",
  "wouldSend",
  "waiting",
  "flagged",
] as const;
const HOUR_HEADINGS = [
  "hour",
  "subscription",
  "dimension",
  "ingested",
  "included",
  "sent",
  "state",
  "microsoft",
  "details",
] as const;

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
  const [t, hours, totals, flagged, waiting, days] = await Promise.all([
    getTranslations("staff.usage"),
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
  const { staff } = await getMessages();
  return (
    <NextIntlClientProvider messages={{ staff: { usage: staff.usage } }}>
      <div className="space-y-6">
        <header className="space-y-2">
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="max-w-3xl text-sm text-slate-700">
            {t("intro", { records: waiting.records, quantity: n(waiting.quantity) })}
          </p>
          {canCorrect ? <SendNow /> : null}
          {dryRun ? (
            <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900">
              {t("dryRun")}
            </p>
          ) : null}
        </header>

        <section aria-labelledby="flagged" className="space-y-2">
          <h2 id="flagged" className="text-lg font-semibold">
            {t("needsAttention", { count: flagged.length })}
          </h2>
          {flagged.length ? (
            <HourTable rows={flagged} caption={t("flaggedCaption")} correct={canCorrect} />
          ) : (
            <p className="text-sm text-slate-700">{t("nothingFlagged")}</p>
          )}
          {flagged.length && !canCorrect ? <p className="text-sm text-slate-700">{t("operatorsCan")}</p> : null}
        </section>

        <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label={t("period")}>
          <label>
            {t("from")}{" "}
            <input type="date" name="from" defaultValue={period.fromText} className="ml-1 rounded border px-2 py-1" />
          </label>
          <label>
            {t("to")}{" "}
            <input type="date" name="to" defaultValue={period.toText} className="ml-1 rounded border px-2 py-1" />
          </label>
          <label>
            {t("subscriptionId")}
            <input
              name="subscription"
              defaultValue={params.subscription ?? ""}
              className="ml-1 w-80 rounded border px-2 py-1"
            />
          </label>
          <label>
            {t("state")}
            <select name="state" defaultValue={params.state ?? ""} className="ml-1 rounded border px-2 py-1">
              {["", "Pending", "Sending", "Done", "Flagged"].map((s) => (
                <option key={s} value={s}>
                  {s || t("allStates")}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded bg-slate-800 px-3 py-1 text-white">
            {t("show")}
          </button>
          <a href={`/admin/usage/export?${exportQuery}`} className="underline underline-offset-2">
            {t("exportCsv")}
          </a>
        </form>

        <section aria-labelledby="totals" className="space-y-2">
          <h2 id="totals" className="text-lg font-semibold">
            {t("totalsTitle", { from: period.fromText, to: period.toText })}
          </h2>
          <div className="overflow-x-auto">
            <table className="w-full border-collapse bg-white text-sm">
              <caption className="sr-only">{t("totalsCaption")}</caption>
              <thead>
                <tr className="border-b border-slate-200 text-left">
                  {TOTALS_HEADINGS.map((h) => (
                    <th key={h} scope="col" className={cell}>
                      {t(`totals.${h}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {totals.map((row) => (
                  <tr key={`${row.offerId}/${row.planId}/${row.dimension}`} className="border-b border-slate-100">
                    <td className={cell}>{row.offerId ?? "—"}</td>
                    <td className={cell}>{row.planId ?? "—"}</td>
                    <td className={cell}>{row.dimension}</td>
                    <td className={cell}>{row.hours}</td>
                    <td className={cell}>{n(row.ingested)}</td>
                    <td className={cell}>{n(row.included)}</td>
                    <td className={cell}>{n(row.sent)}</td>
                    <td className={cell}>{n(row.wouldSend)}</td>
                    <td className={cell}>{n(row.waiting)}</td>
                    <td className={cell}>{row.flagged}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section aria-labelledby="per-day" className="space-y-4">
          <h2 id="per-day" className="text-lg font-semibold">
            {t("perDay")}
          </h2>
          <DayChart title={t("unitsUsed")} days={days.map((d) => ({ day: d.day, count: d.ingested }))} />
          <DayChart title={t("unitsAccepted")} days={days.map((d) => ({ day: d.day, count: d.sent }))} />
        </section>

        <section aria-labelledby="hours" className="space-y-2">
          <h2 id="hours" className="text-lg font-semibold">
            {t(hours.length === HOURS_SHOWN ? "hoursNewest" : "hoursAll", { count: hours.length })}
          </h2>
          <HourTable rows={hours} caption={t("hoursCaption")} correct={false} />
        </section>
      </div>
    </NextIntlClientProvider>
  );
}

async function HourTable({ rows, caption, correct }: { rows: UsageHourView[]; caption: string; correct: boolean }) {
  const t = await getTranslations("staff.usage");
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left">
            {[...HOUR_HEADINGS, ...(correct ? (["correct"] as const) : [])].map((h) => (
              <th key={h} scope="col" className={cell}>
                {t(`hourTable.${h}`)}
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
              <td className={cell}>
                {r.status === "DryRun" ? t("wouldSendCell", { quantity: n(r.overage) }) : n(r.overage)}
              </td>
              <td className={cell}>{r.state}</td>
              <td className={cell}>
                {r.status ?? "—"}
                {r.usageEventId ? <div className="font-mono text-xs text-slate-600">{r.usageEventId}</div> : null}
                {r.reconStatus ? (
                  <div className="text-xs text-slate-600">{t("readBack", { status: r.reconStatus })}</div>
                ) : null}
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
