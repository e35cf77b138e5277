"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { createChannelAction } from "./actions";

const CHANNEL_KINDS = ["email", "teams", "slack"] as const;
type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Adds a channel: e-mail recipients, or a Teams / Slack incoming webhook (its URL is not shown again). */
export function ChannelForm() {
  const t = useTranslations("staff.notifications.channelForm");
  const tKind = useTranslations("staff.notifications.channelKinds");
  const [pending, start] = useTransition();
  const [kind, setKind] = useState<ChannelKind>("email");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const submit = (form: FormData) =>
    start(async () => {
      const result = await createChannelAction({
        kind,
        name: String(form.get("name") ?? ""),
        target: String(form.get("target") ?? ""),
      } as never);
      setFields(result.ok ? {} : (result.fieldErrors ?? {}));
      setMessage(
        result.ok
          ? { text: t("added", { name: result.data.name }), error: false }
          : { text: result.message, error: true },
      );
    });
  return (
    <form action={submit} className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">{t("title")}</h2>
      <div className="flex flex-wrap gap-4">
        <div>
          <label htmlFor="channel-kind" className="block text-sm font-medium">
            {t("kind")}
          </label>
          <select
            id="channel-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as ChannelKind)}
            className="rounded border border-slate-300 px-2 py-1.5 text-sm"
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {tKind(k)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="channel-name" className="block text-sm font-medium">
            {t("name")}
          </label>
          <input
            id="channel-name"
            name="name"
            required
            maxLength={100}
            placeholder={t("namePlaceholder")}
            aria-invalid={!!fields.name}
            className="w-64 rounded border border-slate-300 px-2 py-1.5 text-sm"
          />
        </div>
      </div>
      <div>
        <label htmlFor="channel-target" className="block text-sm font-medium">
          {t(`targetLabel.${kind}`)}
        </label>
        <input
          id="channel-target"
          name="target"
          required
          placeholder={t(`targetPlaceholder.${kind}`)}
          aria-invalid={!!fields.target}
          aria-describedby={fields.target ? "channel-target-error" : undefined}
          autoComplete="off"
          className="w-full rounded border border-slate-300 px-2 py-1.5 font-mono text-sm"
        />
        {fields.target ? (
          <p id="channel-target-error" className="text-xs text-red-800">
            {fields.target}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-700 px-3 py-1.5 text-sm text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {t(pending ? "submitting" : "submit")}
      </button>
      <p role="status" className={`text-sm ${message?.error ? "text-red-800" : "text-slate-700"}`}>
        {message?.text ?? ""}
      </p>
    </form>
  );
}
