"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { BUYER_ACTOR_LABELS, BUYER_ACTORS, type BuyerActors } from "@/lib/domain/settings";
import { setBuyerSelfServiceAction } from "./actions";
import { useSettingSave } from "./use-setting-save";

/** Buyer self-service: a switch and who may act, saved together, with the outcome announced. */
export function SelfServiceFormClient({ on, actors }: { on: boolean; actors: BuyerActors }) {
  const t = useTranslations("staff.peopleKeysSettings.selfService");
  const [checked, setChecked] = useState(on);
  const [who, setWho] = useState<BuyerActors>(actors);
  const { pending, message, onSubmitWith } = useSettingSave(setBuyerSelfServiceAction, (saved) =>
    t("saved", { on: String(saved) }),
  );
  return (
    <form onSubmit={onSubmitWith(() => ({ on: checked ? "true" : "false", actors: who }))} className="space-y-3">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          name="on"
          checked={checked}
          onChange={(e) => setChecked(e.target.checked)}
          aria-describedby="self-service-description"
        />
        {t("checkbox")}
      </label>
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">{t("who")}</legend>
        {BUYER_ACTORS.map((value) => (
          <label key={value} className="flex items-start gap-2">
            <input
              type="radio"
              name="actors"
              value={value}
              checked={who === value}
              onChange={() => setWho(value)}
              className="mt-1"
            />
            {BUYER_ACTOR_LABELS[value]}
          </label>
        ))}
      </fieldset>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-700 px-3 py-1.5 text-sm text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {pending ? t("applying") : t("apply")}
      </button>
      {/* aria-live, not role="status": the page has one status already (the gate's), which scripts and tests name. */}
      <p
        aria-live="polite"
        data-testid="self-service-saved"
        className={`text-sm ${message?.error ? "text-red-800" : "text-slate-700"}`}
      >
        {message?.text ?? ""}
      </p>
    </form>
  );
}
