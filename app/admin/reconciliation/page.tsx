import type { Metadata } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { hasRole } from "@/lib/auth/roles";
import { staffPageUser } from "@/lib/auth/session";
import { NoAccess } from "../_components/no-access";
import { getReconciliationOverview, type RunView } from "@/lib/reconcile/admin";
import { pageParams } from "@/lib/http/page-params";
import type { RawSearchParams } from "@/lib/http/query";
import { StatusBadge } from "../_components/status-badge";
import { RunPanel } from "./_components/run-panel";
import { isGuid } from "@/lib/domain/ids";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff.reconciliation"))("title") };
}

type Props = { searchParams: Promise<RawSearchParams> };

const when = (iso: string) => iso.replace("T", " ").slice(0, 19) + " UTC";
const seconds = (r: RunView) =>
  r.finishedAt ? Math.max(0, Math.round((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000)) : null;
const COLUMNS = [
  "started",
  "trigger",
  "status",
  "duration",
  "pages",
  "checked",
  "created",
  "repaired",
  "problem",
] as const;

export default async function ReconciliationPage({ searchParams }: Props) {
  const user = await staffPageUser("viewer", "/admin/reconciliation");
  if (!user) return <NoAccess role="viewer" />;
  const { run } = await pageParams(searchParams, "/admin/reconciliation", ["run"]);
  const overview = await getReconciliationOverview(run && isGuid(run) ? run : undefined);
  const [latest] = overview.runs;
  const canRun = hasRole(user.roles, "owner");
  const t = await getTranslations("staff.reconciliation");
  const { staff } = await getMessages();
  const duration = (r: RunView) => {
    const s = seconds(r);
    return s === null ? "—" : t("seconds", { n: String(s) });
  };
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-slate-700">{t("intro")}</p>
        <p className="text-sm text-slate-700">
          {overview.intervalMinutes > 0
            ? t("scheduled", { minutes: String(overview.intervalMinutes) })
            : t("scheduleOff")}
          {canRun ? null : t("ownersCanRun")}
        </p>
      </header>

      {/* The panel is a client component: it gets its own strings and the status pills'. */}
      <NextIntlClientProvider
        messages={{ staff: { list: staff.list, reconciliation: { panel: staff.reconciliation.panel } } }}
      >
        <RunPanel initial={latest ?? null} canRun={canRun} />
      </NextIntlClientProvider>

      <section aria-labelledby="runs" className="space-y-2">
        <h2 id="runs" className="text-lg font-semibold">
          {t("recentRuns")}
        </h2>
        {overview.runs.length ? (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse bg-white text-sm">
              <caption className="sr-only">{t("runsCaption")}</caption>
              <thead>
                <tr className="border-b border-slate-200 text-left">
                  {COLUMNS.map((h) => (
                    <th key={h} scope="col" className="p-2">
                      {t(`columns.${h}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {overview.runs.map((r) => (
                  <tr key={r.id} className="border-b border-slate-100 align-top">
                    <td className="whitespace-nowrap p-2">
                      <Link href={`/admin/reconciliation?run=${r.id}`} className="underline underline-offset-2">
                        {when(r.startedAt)}
                      </Link>
                    </td>
                    <td className="p-2">{r.trigger}</td>
                    <td className="p-2">
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="p-2">{duration(r)}</td>
                    <td className="p-2 tabular-nums">{r.pages.toLocaleString("en")}</td>
                    <td className="p-2 tabular-nums">{r.checked.toLocaleString("en")}</td>
                    <td className="p-2 tabular-nums">{r.created.toLocaleString("en")}</td>
                    <td className="p-2 tabular-nums">{r.repaired.toLocaleString("en")}</td>
                    <td className="max-w-md p-2 text-slate-700">{r.errorMessage ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-slate-600">{t("noRuns")}</p>
        )}
      </section>

      <section aria-labelledby="repairs" className="space-y-2">
        <h2 id="repairs" className="text-lg font-semibold">
          {t("repairsTitle")}
        </h2>
        {overview.shown ? (
          <>
            <p className="text-sm text-slate-700">
              {t("runSummary", {
                when: when(overview.shown.startedAt),
                repaired: overview.shown.repaired.toLocaleString("en"),
                created: overview.shown.created.toLocaleString("en"),
                shown:
                  overview.repairs.length < overview.shown.repaired + overview.shown.created
                    ? String(overview.repairs.length)
                    : "all",
              })}
            </p>
            {overview.repairs.length ? (
              <ul className="space-y-1 text-sm" aria-label={t("repairsLabel")}>
                {overview.repairs.map((r) => (
                  <li key={r.auditId} className="rounded border border-slate-200 bg-white p-2">
                    <Link
                      href={`/admin/subscriptions/${r.subscriptionId}`}
                      className="font-mono underline underline-offset-2"
                    >
                      {r.subscriptionId}
                    </Link>{" "}
                    {r.action === "reconcile.created" ? (
                      <span className="text-slate-700">{t("newToPortal")}</span>
                    ) : (
                      <span className="text-slate-700">{t("repairedFields", { fields: r.fields.join(", ") })}</span>
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-slate-600">{t("nothingChanged")}</p>
        )}
      </section>
    </div>
  );
}
