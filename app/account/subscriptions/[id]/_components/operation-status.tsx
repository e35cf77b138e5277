"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { labelFor } from "@/lib/i18n/format";
import { operationProgressAction } from "../actions";

// Microsoft's operation actions and terminal statuses we have words for (messages account.progress.*).
const ACTIONS = ["ChangeQuantity", "ChangePlan", "Unsubscribe"] as const;
const OUTCOMES = ["Succeeded", "Failed", "Conflict"] as const;
const isOutcome = (status: string): status is (typeof OUTCOMES)[number] =>
  (OUTCOMES as readonly string[]).includes(status);

/** Follows the buyer's change until Microsoft finishes it, then refreshes the page to show the result. */
export function OperationStatus({
  subscriptionId,
  operationId,
  action,
  onDone,
}: {
  subscriptionId: string;
  operationId: string;
  action: string;
  onDone: () => void;
}) {
  const t = useTranslations("account.progress");
  const router = useRouter();
  const [status, setStatus] = useState<string>("InProgress");
  const [checkFailed, setCheckFailed] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const result = await operationProgressAction({ subscriptionId, operationId }).catch(() => null);
      if (stopped) return;
      setCheckFailed(!result?.ok);
      if (result?.ok) {
        setStatus(result.data.status);
        if (result.data.done) {
          router.refresh();
          onDone();
          return;
        }
      }
      timer = setTimeout(poll, 1_500);
    };
    timer = setTimeout(poll, 500);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [subscriptionId, operationId, router, onDone]);

  const label = labelFor(action, ACTIONS, (k) => t(k));
  const done = isOutcome(status);
  const tone =
    status === "Succeeded"
      ? "border-emerald-300 bg-emerald-50"
      : done
        ? "border-red-300 bg-red-50"
        : "border-sky-300 bg-sky-50";
  return (
    <div className={`rounded border p-3 ${tone}`} role="status" data-testid="buyer-operation" data-status={status}>
      <p className="font-medium">
        {isOutcome(status) ? t(status, { action: label }) : t("waiting", { action: label })}
      </p>
      {checkFailed ? <p className="text-sm">{t("checkFailed")}</p> : null}
    </div>
  );
}
