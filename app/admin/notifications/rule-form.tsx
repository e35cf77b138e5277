"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { NotificationRuleKind } from "@/lib/notifications/rules";
import { saveRuleAction } from "./actions";

export type RuleFormProps = {
  kind: NotificationRuleKind;
  label: string;
  enabled: boolean;
  delivery: "immediate" | "digest";
  channelIds: string[];
  params: { remindDays: number; escalateDays: number } | null;
  channels: { id: string; name: string; kind: string }[];
};

/** One rule: on/off, immediate or daily digest, its channels (and, for pending purchases, the days). */
export function RuleForm(props: RuleFormProps) {
  const t = useTranslations("staff.notifications.rule");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const id = (name: string) => `rule-${props.kind}-${name}`;
  const submit = (form: FormData) =>
    start(async () => {
      const result = await saveRuleAction({
        kind: props.kind,
        enabled: form.get("enabled") === "on",
        delivery: form.get("delivery") === "digest" ? "digest" : "immediate",
        channelIds: form.getAll("channel").map(String),
        params: props.params
          ? { remindDays: Number(form.get("remindDays")), escalateDays: Number(form.get("escalateDays")) }
          : {},
      });
      setMessage(
        result.ok
          ? { text: result.data.changed ? t("saved", { label: props.label }) : t("unchanged"), error: false }
          : { text: result.message, error: true },
      );
    });
  return (
    <form action={submit} aria-label={props.label} className="space-y-2">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" name="enabled" defaultChecked={props.enabled} />
        {t("on")}
      </label>
      <div>
        <label htmlFor={id("delivery")} className="mr-2 text-sm">
          {t("delivery")}
        </label>
        <select
          id={id("delivery")}
          name="delivery"
          defaultValue={props.delivery}
          className="rounded border border-slate-300 px-2 py-1 text-sm"
        >
          <option value="immediate">{t("immediate")}</option>
          <option value="digest">{t("digest")}</option>
        </select>
      </div>
      {props.params ? (
        <div className="flex flex-wrap gap-3 text-sm">
          <label>
            {t("remindAfter")}{" "}
            <input
              name="remindDays"
              type="number"
              min={1}
              max={28}
              defaultValue={props.params.remindDays}
              className="w-16 rounded border border-slate-300 px-1"
            />{" "}
            {t("days")}
          </label>
          <label>
            {t("escalateAfter")}{" "}
            <input
              name="escalateDays"
              type="number"
              min={2}
              max={29}
              defaultValue={props.params.escalateDays}
              className="w-16 rounded border border-slate-300 px-1"
            />{" "}
            {t("days")}
          </label>
        </div>
      ) : null}
      <fieldset>
        <legend className="text-sm">{t("channels")}</legend>
        {props.channels.length ? (
          props.channels.map((c) => (
            <label key={c.id} className="mr-4 inline-flex items-center gap-1 text-sm">
              <input type="checkbox" name="channel" value={c.id} defaultChecked={props.channelIds.includes(c.id)} />
              {t("channelOption", { name: c.name, kind: c.kind })}
            </label>
          ))
        ) : (
          <p className="text-sm text-slate-600">{t("addChannelFirst")}</p>
        )}
      </fieldset>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-700 px-3 py-1 text-sm text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {t(pending ? "saving" : "save")}
        <span className="sr-only"> {props.label}</span>
      </button>
      <p role="status" className={`text-sm ${message?.error ? "text-red-800" : "text-slate-700"}`}>
        {message?.text ?? ""}
      </p>
    </form>
  );
}
