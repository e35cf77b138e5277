"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { revokeApiKeyAction } from "./actions";

/** Revoke, after a second click that names the key: applications using it are refused from their next call. */
export function RevokeButtonClient({ id, name }: { id: string; name: string }) {
  const t = useTranslations("staff.peopleKeysSettings.revoke");
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (!confirming)
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
        aria-label={t("label", { name })}
      >
        {t("button")}
      </button>
    );
  return (
    <div className="space-y-1">
      <p className="text-xs text-slate-700">{t("warning")}</p>
      <div className="flex gap-1">
        <button
          type="button"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const result = await revokeApiKeyAction({ id });
              setMessage(result.ok ? null : result.message);
            })
          }
          className="rounded bg-red-700 px-2 py-1 text-xs text-white hover:bg-red-800"
        >
          {t("confirm", { name })}
        </button>
        <button type="button" onClick={() => setConfirming(false)} className="rounded border px-2 py-1 text-xs">
          {t("cancel")}
        </button>
      </div>
      {message ? (
        <p role="alert" className="text-xs text-red-800">
          {message}
        </p>
      ) : null}
    </div>
  );
}
