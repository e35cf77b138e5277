"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { rerunDeliveryAction } from "../actions";

/** Queues a Failed, Refused or Pending delivery again (owners); a worker applies it in a moment. */
export function RerunButton({ deliveryId, operationId }: { deliveryId: string; operationId: string }) {
  const t = useTranslations("staff.webhooks.rerun");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const rerun = () =>
    start(async () => {
      const result = await rerunDeliveryAction({ deliveryId });
      setMessage(result.ok ? { ok: true, text: result.data.outcome } : { ok: false, text: result.message });
    });
  return (
    <div className="space-y-1">
      <button
        type="button"
        onClick={rerun}
        disabled={pending}
        aria-label={t("label", { operationId })}
        className="rounded bg-brand-700 px-2 py-1 text-xs text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {pending ? t("running") : t("button")}
      </button>
      {message ? (
        <p role="status" className={`text-xs ${message.ok ? "text-emerald-800" : "text-red-800"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
