"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

type Progress = {
  status: string;
  action: string;
  done: boolean;
  errorMessage: string | null;
  targetPlanId: string | null;
  targetQuantity: number | null;
};

const LABEL: Record<string, string> = {
  ChangePlan: "Plan change",
  ChangeQuantity: "Seat change",
  Unsubscribe: "Cancellation",
};

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
  const router = useRouter();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

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
        setProblem(null);
        if (next.done) {
          router.refresh();
          onDone?.();
          return;
        }
      } catch {
        if (!stopped) setProblem("Could not check the progress; retrying…");
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
  const label = LABEL[progress?.action ?? initialAction] ?? progress?.action ?? initialAction;
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
      <p className="font-medium">
        {label}: {progress?.done ? status.toLowerCase() : "waiting for Microsoft…"}
      </p>
      {progress?.errorMessage ? <p className="text-sm">{progress.errorMessage}</p> : null}
      {problem ? <p className="text-sm">{problem}</p> : null}
      <p className="text-xs text-slate-600">Operation {operationId}</p>
    </div>
  );
}
