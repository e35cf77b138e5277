"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";

/** Renders the page again on the server, which runs every check again. */
export function RunAgainButton() {
  const t = useTranslations("staff.setup");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => start(() => router.refresh())}
      className="rounded bg-brand-700 px-3 py-1.5 text-sm text-white hover:bg-brand-800 disabled:opacity-60"
    >
      {t(pending ? "running" : "runAgain")}
    </button>
  );
}
