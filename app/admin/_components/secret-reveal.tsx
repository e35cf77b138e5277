"use client";

import { useTranslations } from "next-intl";
import { useId, useState, type ReactNode } from "react";

/**
 * A secret shown this once (an endpoint's signing secret, a new API key): the value selected on focus, a copy
 * button, and Done. What it is and where it goes is the caller's: `label` names the field, `explanation` says
 * what to do with it. Its own words come from `staff.secretReveal`: a page that uses it passes that namespace
 * to its client provider.
 */
export function SecretReveal({
  title,
  secret,
  label,
  explanation,
  onDone,
}: {
  title: string;
  secret: string;
  label: string;
  explanation: ReactNode;
  onDone: () => void;
}) {
  const t = useTranslations("staff.secretReveal");
  const [copied, setCopied] = useState(false);
  const inputId = useId();
  return (
    <section aria-label={title} className="max-w-3xl space-y-2 rounded border border-emerald-300 bg-emerald-50 p-4">
      <h2 className="font-semibold">{title}</h2>
      <p className="text-sm text-slate-800">{explanation}</p>
      <div className="flex items-center gap-2">
        <label htmlFor={inputId} className="sr-only">
          {label}
        </label>
        <input
          id={inputId}
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm"
        />
        <button
          type="button"
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
          className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm"
        >
          {t(copied ? "copied" : "copy")}
        </button>
      </div>
      <button type="button" onClick={onDone} className="text-sm underline">
        {t("done")}
      </button>
    </section>
  );
}
