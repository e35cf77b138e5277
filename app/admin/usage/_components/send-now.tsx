"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { sendUsageNowAction } from "../actions";

/** Queues the hourly submission now (operators): useful after fixing a flagged hour or an outage. */
export function SendNow() {
  const t = useTranslations("staff.usage");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await sendUsageNowAction({});
            setMessage(result.ok ? t("queued") : result.message);
          })
        }
        className="rounded bg-slate-800 px-3 py-1 text-sm text-white hover:bg-slate-900"
      >
        {t("sendNow")}
      </button>
      {message ? (
        <p role="status" className="text-sm text-slate-700">
          {message}
        </p>
      ) : null}
    </div>
  );
}
