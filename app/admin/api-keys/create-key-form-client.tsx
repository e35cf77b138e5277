"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { API_KEY_EXPIRY_DAYS, API_SCOPE_DESCRIPTIONS, API_SCOPES, type ApiScope } from "@/lib/domain/api-keys";
import { SecretReveal } from "../_components/secret-reveal";
import { createApiKeyAction } from "./actions";

/** Name, scopes and expiry of a new key; then the key, shown this once. */
export function CreateKeyFormClient() {
  const t = useTranslations("staff.peopleKeysSettings.createKey");
  const [pending, start] = useTransition();
  const [scopes, setScopes] = useState<ApiScope[]>(["entitlements:read"]);
  const [error, setError] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);

  const submit = (form: FormData) =>
    start(async () => {
      const result = await createApiKeyAction({
        name: String(form.get("name") ?? ""),
        scopes,
        expiresInDays: String(form.get("expiresInDays") ?? "never"),
      });
      if (result.ok) {
        setError(null);
        setCreated({ key: result.data.key, name: result.data.name });
      } else setError({ message: result.message, fields: result.fieldErrors });
    });

  if (created)
    return (
      <SecretReveal
        title={t("created", { name: created.name })}
        secret={created.key}
        label={t("keyLabel")}
        explanation={t.rich("copyNow", { strong: (c) => <strong>{c}</strong> })}
        onDone={() => setCreated(null)}
      />
    );

  return (
    <form action={submit} className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">{t("title")}</h2>
      <div>
        <label htmlFor="name" className="block text-sm font-medium">
          {t("name")}
        </label>
        <input
          id="name"
          name="name"
          required
          maxLength={100}
          placeholder={t("namePlaceholder")}
          aria-invalid={!!error?.fields?.name}
          aria-describedby={error?.fields?.name ? "name-error" : undefined}
          className="w-96 max-w-full rounded border border-slate-300 px-2 py-1.5 text-sm"
        />
        {error?.fields?.name ? (
          <p id="name-error" className="text-xs text-red-800">
            {error.fields.name}
          </p>
        ) : null}
      </div>
      <fieldset>
        <legend className="text-sm font-medium">{t("scopes")}</legend>
        {API_SCOPES.map((scope) => (
          <label key={scope} className="mt-1 flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(e) => setScopes((s) => (e.target.checked ? [...s, scope] : s.filter((x) => x !== scope)))}
              className="mt-1"
            />
            <span>
              <code>{scope}</code> — {API_SCOPE_DESCRIPTIONS[scope]}
            </span>
          </label>
        ))}
      </fieldset>
      <div>
        <label htmlFor="expiresInDays" className="block text-sm font-medium">
          {t("expires")}
        </label>
        <select
          id="expiresInDays"
          name="expiresInDays"
          defaultValue="90"
          className="rounded border border-slate-300 px-2 py-1.5 text-sm"
        >
          {API_KEY_EXPIRY_DAYS.map((d) => (
            <option key={d ?? "never"} value={d ?? "never"}>
              {d === null ? t("never") : t("inDays", { days: d })}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error.fields?.scopes ?? error.message}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-700 px-3 py-1.5 text-sm text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {pending ? t("creating") : t("submit")}
      </button>
    </form>
  );
}
