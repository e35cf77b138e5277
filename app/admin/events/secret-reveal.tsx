"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

/** A signing secret, shown this once: copy it into the receiver's configuration. */
export function SecretReveal({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const t = useTranslations("staff.events.secret");
  const [copied, setCopied] = useState(false);
  return (
    <section aria-label={title} className="max-w-3xl space-y-2 rounded border border-emerald-300 bg-emerald-50 p-4">
      <h2 className="font-semibold">{title}</h2>
      <p className="text-sm text-slate-800">{t.rich("text", { strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <div className="flex items-center gap-2">
        <label htmlFor="endpoint-secret" className="sr-only">
          {t("label")}
        </label>
        <input
          id="endpoint-secret"
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
