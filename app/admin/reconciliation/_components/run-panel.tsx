"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import type { RunView } from "@/lib/reconcile/admin";
import { StatusBadge } from "../../_components/status-badge";
import { runReconciliationAction } from "../actions";

const when = (iso: string) => iso.replace("T", " ").slice(0, 19) + " UTC";
const count = (n: number) => n.toLocaleString("en");

/**
 * The newest run, followed live while it runs (polling GET /api/admin/reconciliation: progress is written
 * to the database with every batch of pages), and the "Run now" button for owners. When the run ends the
 * page refreshes itself so the run list and the repairs below show its outcome.
 */
export function RunPanel({ initial, canRun }: { initial: RunView | null; canRun: boolean }) {
  const t = useTranslations("staff.reconciliation.panel");
  const router = useRouter();
  const [run, setRun] = useState<RunView | null>(initial);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // A flag, not the text: the polling effect then does not depend on the translator.
  const [checkFailed, setCheckFailed] = useState(false);
  const [pending, startTransition] = useTransition();
  const running = run?.status === "Running";
  const runId = run?.id;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    // Every second while a run is going; every ten seconds otherwise, to notice runs started elsewhere.
    const delay = running ? 1_000 : 10_000;
    const poll = async () => {
      try {
        const response = await fetch("/api/admin/reconciliation", { cache: "no-store" });
        if (!response.ok) throw new Error(`status ${response.status}`);
        const next = ((await response.json()) as { run: RunView | null }).run;
        if (stopped) return;
        setProblem(null);
        setCheckFailed(false);
        if (next) {
          const isNew = next.id !== runId;
          const ended = running && !isNew && next.status !== "Running";
          if (isNew || running) setRun(next);
          // A run ended or another one appeared: the run list and the repairs below are out of date. (The
          // effect starts again for the new state, so this loop stops here.)
          if (isNew || ended) {
            router.refresh();
            return;
          }
        }
      } catch {
        if (!stopped) setCheckFailed(true);
      }
      if (!stopped) timer = setTimeout(poll, delay);
    };
    timer = setTimeout(poll, delay);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [running, runId, router]);

  const start = () =>
    startTransition(async () => {
      const result = await runReconciliationAction({});
      if (!result.ok) {
        setProblem(result.message);
        setCheckFailed(false);
        return;
      }
      setProblem(null);
      setNotice(result.data.message);
      setRun(result.data.run);
    });

  return (
    <section aria-labelledby="latest-run" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="latest-run" className="text-lg font-semibold">
          {running ? t("runningNow") : t("latestRun")}
        </h2>
        {canRun ? (
          <button
            type="button"
            onClick={start}
            disabled={pending || running}
            className="rounded bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {pending ? t("starting") : t("runNow")}
          </button>
        ) : null}
      </div>
      {notice ? <p className="text-sm text-slate-700">{notice}</p> : null}
      {run ? (
        <div aria-live="polite" data-testid="reconciliation-progress" data-status={run.status} className="space-y-2">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <StatusBadge status={run.status} />
            <span>{run.trigger}</span>
            <span className="text-slate-600">{t("started", { when: when(run.startedAt) })}</span>
            {run.finishedAt ? (
              <span className="text-slate-600">{t("finished", { when: when(run.finishedAt) })}</span>
            ) : null}
          </p>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {(
              [
                ["pages", run.pages],
                ["checked", run.checked],
                ["created", run.created],
                ["repaired", run.repaired],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="rounded border border-slate-200 p-3">
                <dt className="text-xs text-slate-600">{t(`stats.${label}`)}</dt>
                <dd className="text-xl font-semibold">{count(value)}</dd>
              </div>
            ))}
          </dl>
          {running ? <p className="text-sm text-slate-700">{t("reading")}</p> : null}
          {run.stale ? (
            <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm">
              {t("stale", { when: when(run.heartbeatAt) })}
            </p>
          ) : null}
          {run.errorMessage ? (
            <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
              {run.errorMessage}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-slate-600">{t("noneYet")}</p>
      )}
      {checkFailed || problem ? (
        <p role="alert" className="text-sm text-red-800">
          {checkFailed ? t("checkFailed") : problem}
        </p>
      ) : null}
    </section>
  );
}
