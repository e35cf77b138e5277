"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";

// Unexpected errors only: expected ones (bad token, Microsoft unavailable…) have their own pages.
// The digest lets support find the server-side log line; the message itself is never shown.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <div className="space-y-4" role="alert">
      <h1 className="text-2xl font-semibold">{t("genericTitle")}</h1>
      <p className="text-slate-700">{t("genericText")}</p>
      {error.digest ? (
        <p className="text-sm text-slate-600">
          {t("reference")}: <code>{error.digest}</code>
        </p>
      ) : null}
      <div className="flex gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          {t("retry")}
        </button>
        <Link
          href="/"
          className="rounded border border-slate-300 px-4 py-2 font-medium text-slate-800 hover:bg-slate-100"
        >
          {t("home")}
        </Link>
      </div>
    </div>
  );
}
