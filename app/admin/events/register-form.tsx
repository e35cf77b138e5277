"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { OUTBOUND_EVENT_TYPES } from "@/lib/domain/outbound-events";
import { createEndpointAction } from "./actions";
import { SecretReveal } from "../_components/secret-reveal";

/** Name, URL and event types of a new endpoint; then its secret, shown this once. */
export function RegisterForm() {
  const t = useTranslations("staff.events.register");
  const tSecret = useTranslations("staff.events.secret");
  const [pending, start] = useTransition();
  const [types, setTypes] = useState<string[]>([...OUTBOUND_EVENT_TYPES]);
  const [error, setError] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  const submit = (form: FormData) =>
    start(async () => {
      const result = await createEndpointAction({
        name: String(form.get("name") ?? ""),
        url: String(form.get("url") ?? ""),
        eventTypes: types as never,
      });
      if (result.ok) {
        setError(null);
        setCreated({ name: result.data.name, secret: result.data.secret });
      } else setError({ message: result.message, fields: result.fieldErrors });
    });

  if (created)
    return (
      <SecretReveal
        title={t("registered", { name: created.name })}
        secret={created.secret}
        label={tSecret("label")}
        explanation={tSecret.rich("text", { strong: (chunks) => <strong>{chunks}</strong> })}
        onDone={() => setCreated(null)}
      />
    );

  const fieldError = (name: string) =>
    error?.fields?.[name] ? (
      <p id={`${name}-error`} className="text-xs text-red-800">
        {error.fields[name]}
      </p>
    ) : null;
  return (
    <form action={submit} className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">{t("title")}</h2>
      <div>
        <label htmlFor="endpoint-name" className="block text-sm font-medium">
          {t("name")}
        </label>
        <input
          id="endpoint-name"
          name="name"
          required
          maxLength={100}
          placeholder={t("namePlaceholder")}
          aria-invalid={!!error?.fields?.name}
          className="w-96 max-w-full rounded border border-slate-300 px-2 py-1.5 text-sm"
        />
        {fieldError("name")}
      </div>
      <div>
        <label htmlFor="endpoint-url" className="block text-sm font-medium">
          {t("url")}
        </label>
        <input
          id="endpoint-url"
          name="url"
          required
          placeholder="https://app.example.com/marketplace/events"
          aria-invalid={!!error?.fields?.url}
          className="w-full rounded border border-slate-300 px-2 py-1.5 font-mono text-sm"
        />
        {fieldError("url")}
      </div>
      <fieldset>
        <legend className="text-sm font-medium">{t("eventTypes")}</legend>
        <div className="grid grid-cols-1 gap-x-4 sm:grid-cols-2">
          {OUTBOUND_EVENT_TYPES.map((type) => (
            <label key={type} className="mt-1 flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={types.includes(type)}
                onChange={(e) =>
                  setTypes((chosen) => (e.target.checked ? [...chosen, type] : chosen.filter((x) => x !== type)))
                }
              />
              <code>{type}</code>
            </label>
          ))}
        </div>
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error.fields?.eventTypes ?? error.message}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-700 px-3 py-1.5 text-sm text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {t(pending ? "submitting" : "submit")}
      </button>
    </form>
  );
}
