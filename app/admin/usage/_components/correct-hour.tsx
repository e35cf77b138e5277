"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { correctUsageHourAction } from "../actions";

/** An operator's correction of a flagged hour: resolve it with a note, or fold its usage into the current hour. */
export function CorrectHour({ id, canFold, label }: { id: string; canFold: boolean; label: string }) {
  const t = useTranslations("staff.usage.correct");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const run = (kind: "resolve" | "fold") =>
    start(async () => {
      const result = await correctUsageHourAction({ id, kind, note });
      setMessage(result.ok ? null : (result.fieldErrors?.note ?? result.message));
    });
  return (
    <div className="space-y-1">
      <label className="block text-xs text-slate-700">
        {t("note")}
        <input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          className="mt-1 block w-56 rounded border border-slate-300 px-2 py-1 text-xs"
          aria-label={t("noteFor", { label })}
        />
      </label>
      <div className="flex gap-1">
        <button
          type="button"
          disabled={pending}
          onClick={() => run("resolve")}
          className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
        >
          {t("resolve")}
        </button>
        {canFold ? (
          <button
            type="button"
            disabled={pending}
            onClick={() => run("fold")}
            className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
          >
            {t("fold")}
          </button>
        ) : null}
      </div>
      {message ? (
        <p role="alert" className="text-xs text-red-800">
          {message}
        </p>
      ) : null}
    </div>
  );
}
