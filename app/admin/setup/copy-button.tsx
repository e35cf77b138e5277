"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

/** Copies one value to the clipboard and says so to screen readers; if the browser refuses, says what to do. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useTranslations("staff.setup");
  const [message, setMessage] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setMessage(t("copied"));
    } catch {
      setMessage(t("copyRefused"));
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => void copy()}
        aria-label={label}
        className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
      >
        {t("copy")}
      </button>
      <span role="status" className="text-xs text-slate-700">
        {message}
      </span>
    </span>
  );
}
