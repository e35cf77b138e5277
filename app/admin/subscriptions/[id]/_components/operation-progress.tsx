"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

type Progress = {
  status: string;
  action: string;
  done: boolean;
  errorMessage: string | null;
  targetPlanId: string | null;
  targetQuantity: number | null;
};

const WATCHED_ACTIONS = ["ChangePlan", "ChangeQuantity", "Unsubscribe"] as const;
const isWatchedAction = (a: string): a is (typeof WATCHED_ACTIONS)[number] =>
  (WATCHED_ACTIONS as readonly string[]).includes(a);

/** Watches a publisher operation until Microsoft finishes it, then refreshes the page (no manual reload). */
export function OperationProgress({
  operationId,
  initialAction,
  onDone,
}: {
  operationId: string;
  initialAction: string;
  onDone?: () => void;
}) {
  const t = useTranslations("staff.subscriptionActions.progress");
  const router = useRouter();
  const [progress, setProgress] = useState<Progress | null>(null);
  // A flag, not the text: the polling effect then does not depend on the translator.
  const [checkFailed, setCheckFailed] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const response = await fetch(`/api/admin/operations/${encodeURIComponent(operationId)}`, { cache: "no-store" });
        if (!response.ok) throw new Error(`status ${response.status}`);
        const next = (await response.json()) as Progress;
        if (stopped) return;
        setProgress(next);
        setCheckFailed(false);
        if (next.done) {
          router.refresh();
          onDone?.();
          return;
        }
      } catch {
        if (!stopped) setCheckFailed(true);
      }
      if (!stopped) timer = setTimeout(poll, 1_500);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [operationId, router, onDone]);

  const status = progress?.status ?? "InProgress";
  const action = progress?.action ?? initialAction;
  const label = isWatchedAction(action) ? t(`actions.${action}`) : action;
  const tone =
    status === "Succeeded"
      ? "border-emerald-300 bg-emerald-50"
      : status === "Failed" || status === "Conflict"
        ? "border-red-300 bg-red-50"
        : "border-sky-300 bg-sky-50";
  return (
    <div
      className={`rounded border p-3 ${tone}`}
      aria-live="polite"
      data-testid="operation-progress"
      data-status={status}
    >
      <p className="font-medium">{t("line", { label, state: progress?.done ? status.toLowerCase() : t("waiting") })}</p>
      {progress?.errorMessage ? <p className="text-sm">{progress.errorMessage}</p> : null}
      {checkFailed ? <p className="text-sm">{t("checkFailed")}</p> : null}
      <p className="text-xs text-slate-600">{t("operation", { id: operationId })}</p>
    </div>
  );
}
