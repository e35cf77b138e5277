"use client";

import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { deleteChannelAction } from "./actions";

export function DeleteChannelButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations("staff.notifications.deleteChannel");
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        start(async () => {
          if (window.confirm(t("confirm", { name }))) await deleteChannelAction({ id });
        })
      }
      className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-60"
    >
      {t("button")}
      <span className="sr-only"> {name}</span>
    </button>
  );
}
