"use client";

import { useTransition } from "react";
import { deleteChannelAction } from "./actions";

export function DeleteChannelButton({ id, name }: { id: string; name: string }) {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        start(async () => {
          if (window.confirm(`Delete the channel “${name}”? Rules stop sending to it.`))
            await deleteChannelAction({ id });
        })
      }
      className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-60"
    >
      Delete<span className="sr-only"> {name}</span>
    </button>
  );
}
