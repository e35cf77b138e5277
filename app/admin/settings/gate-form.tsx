"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { setProvisioningGateAction } from "./actions";
import { useSettingSave } from "./use-setting-save";

/** The provisioning gate's switch: a checkbox and Save, with the outcome announced to screen readers. */
export function GateForm({ on }: { on: boolean }) {
  const t = useTranslations("staff.settings");
  const [checked, setChecked] = useState(on);
  const { pending, message, onSubmitWith } = useSettingSave(setProvisioningGateAction, (saved) =>
    t("saved", { on: String(saved) }),
  );
  return (
    <form onSubmit={onSubmitWith(() => ({ on: checked ? "true" : "false" }))} className="space-y-3">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          name="on"
          checked={checked}
          onChange={(e) => setChecked(e.target.checked)}
          aria-describedby="gate-description"
        />
        {t("gateCheckbox")}
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-700 px-3 py-1.5 text-sm text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {pending ? t("saving") : t("save")}
      </button>
      <p role="status" className={`text-sm ${message?.error ? "text-red-800" : "text-slate-700"}`}>
        {message?.text ?? ""}
      </p>
    </form>
  );
}
