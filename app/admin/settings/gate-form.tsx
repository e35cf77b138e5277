"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition, type FormEvent } from "react";
import { setProvisioningGateAction } from "./actions";

/** The provisioning gate's switch: a checkbox and Save, with the outcome announced to screen readers. */
export function GateForm({ on }: { on: boolean }) {
  const t = useTranslations("staff.settings");
  const [pending, start] = useTransition();
  const [checked, setChecked] = useState(on);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  // onSubmit, not a form action: React resets a form after its action, which unticked the saved switch.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    start(async () => {
      const result = await setProvisioningGateAction({ on: checked ? "true" : "false" });
      setMessage(
        result.ok
          ? { text: t("saved", { on: String(result.data.on) }), error: false }
          : { text: result.message, error: true },
      );
    });
  };
  return (
    <form onSubmit={submit} className="space-y-3">
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
