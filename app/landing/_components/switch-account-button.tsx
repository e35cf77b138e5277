"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

/** Signs in again, asking Microsoft to let the person pick another account (not the one already signed in). */
export function SwitchAccountButton({ callbackUrl, label }: { callbackUrl: string; label: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      aria-busy={busy}
      onClick={() => {
        setBusy(true);
        void signIn("azure-ad", { callbackUrl }, { prompt: "select_account" });
      }}
      className="inline-flex items-center gap-2 rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60"
    >
      {label}
    </button>
  );
}
