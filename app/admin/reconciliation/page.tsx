import type { Metadata } from "next";
import Link from "next/link";
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
export const metadata: Metadata = { title: "Reconciliation" };

type Props = { searchParams: Promise<RawSearchParams> };

const when = (iso: string) => iso.replace("T", " ").slice(0, 19) + " UTC";
const duration = (r: RunView) =>
  r.finishedAt ? `${Math.max(0, Math.round((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000))} s` : "—";

export default async function ReconciliationPage({ searchParams }: Props) {
  const user = await staffPageUser("viewer", "/admin/reconciliation");
  if (!user) return <NoAccess role="viewer" />;
  const { run } = await pageParams(searchParams, "/admin/reconciliation", ["run"]);
  const overview = await getReconciliationOverview(run && isGuid(run) ? run : undefined);
  const [latest] = overview.runs;
  const canRun = hasRole(user.roles, "owner");
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Reconciliation</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          Compares every subscription Microsoft lists (all statuses, cancelled ones included) with the portal&apos;s
          copy and stores Microsoft&apos;s view where they differ: a webhook that never arrived, a change made while the
          portal was down. Every repair is in the subscription&apos;s audit trail, by &ldquo;System
          (reconciliation)&rdquo;. One run at a time, even with several portal instances.
        </p>
        <p className="text-sm text-slate-700">
          {overview.intervalMinutes > 0
            ? `Runs on its own every ${overview.intervalMinutes} minutes (RECONCILE_INTERVAL_MINUTES).`
            : "Scheduled runs are off (RECONCILE_INTERVAL_MINUTES=0): it runs only when an owner starts it."}
          {canRun ? null : " Owners can also start a run here."}
        </p>
      </header>

      <RunPanel initial={latest ?? null} canRun={canRun} />

      <section aria-labelledby="runs" className="space-y-2">
        <h2 id="runs" className="text-lg font-semibold">
          Recent runs
        </h2>
        {overview.runs.length ? (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse bg-white text-sm">
              <caption className="sr-only">Recent reconciliation runs, newest first</caption>
              <thead>
                <tr className="border-b border-slate-200 text-left">
                  {[
                    "Started",
                    "Trigger",
                    "Status",
                    "Duration",
                    "Pages",
                    "Checked",
                    "Created",
                    "Repaired",
                    "Problem",
                  ].map((h) => (
                    <th key={h} scope="col" className="p-2">
                      {h}
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
          <p className="text-sm text-slate-600">No runs yet.</p>
        )}
      </section>

      <section aria-labelledby="repairs" className="space-y-2">
        <h2 id="repairs" className="text-lg font-semibold">
          What was repaired
        </h2>
        {overview.shown ? (
          <>
            <p className="text-sm text-slate-700">
              Run of {when(overview.shown.startedAt)}: {overview.shown.repaired.toLocaleString("en")} repaired,{" "}
              {overview.shown.created.toLocaleString("en")} new to the portal
              {overview.repairs.length < overview.shown.repaired + overview.shown.created
                ? ` (the latest ${overview.repairs.length} shown)`
                : ""}
              . Each links to the subscription and its timeline.
            </p>
            {overview.repairs.length ? (
              <ul className="space-y-1 text-sm" aria-label="Repairs">
                {overview.repairs.map((r) => (
                  <li key={r.auditId} className="rounded border border-slate-200 bg-white p-2">
                    <Link
                      href={`/admin/subscriptions/${r.subscriptionId}`}
                      className="font-mono underline underline-offset-2"
                    >
                      {r.subscriptionId}
                    </Link>{" "}
                    {r.action === "reconcile.created" ? (
                      <span className="text-slate-700">new to the portal</span>
                    ) : (
                      <span className="text-slate-700">repaired: {r.fields.join(", ")}</span>
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-slate-600">No run has changed anything yet.</p>
        )}
      </section>
    </div>
  );
}
