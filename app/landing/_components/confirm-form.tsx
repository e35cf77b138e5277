"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { LandingField } from "@/lib/env";
import type { FieldError } from "@/lib/landing/buyer-fields";
import { confirmPurchaseAction, type ConfirmState } from "../actions";

export function ConfirmForm({ token, fields }: { token: string; fields: LandingField[] }) {
  const t = useTranslations("landing");
  const [state, action, pending] = useActionState<ConfirmState, FormData>(confirmPurchaseAction, { status: "idle" });
  const errors = state.status === "invalid-fields" ? state.errors : {};
  const values = state.status === "invalid-fields" ? state.values : {};
  return (
    <form action={action} className="space-y-6" noValidate>
      <input type="hidden" name="token" value={token} />
      {fields.length ? (
        <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
          <legend className="px-1 font-semibold">{t("yourDetails")}</legend>
          {fields.map((field) => {
            const error = errors[field.name];
            return (
              <div key={field.name} className="space-y-1">
                <label htmlFor={`field-${field.name}`} className="block font-medium text-slate-800">
                  {field.label}
                  {field.required ? null : <span className="font-normal text-slate-500"> ({t("optional")})</span>}
                </label>
                <input
                  id={`field-${field.name}`}
                  name={field.name}
                  type={field.type}
                  required={field.required}
                  maxLength={field.maxLength}
                  defaultValue={values[field.name] ?? ""}
                  autoComplete={
                    field.type === "email"
                      ? "email"
                      : field.type === "tel"
                        ? "tel"
                        : field.name === "companyName"
                          ? "organization"
                          : "on"
                  }
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `error-${field.name}` : undefined}
                  className="block w-full max-w-md rounded border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"
                />
                {error ? (
                  <p id={`error-${field.name}`} className="text-sm text-red-700">
                    {fieldErrorText(t, error)}
                  </p>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : null}
      <StatusMessage state={state} />
      <button
        type="submit"
        disabled={pending}
        aria-busy={pending}
        className="rounded bg-brand-700 px-5 py-3 font-semibold text-white hover:bg-brand-800 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? t("confirming") : t("confirm")}
      </button>
    </form>
  );
}

type LandingTranslator = ReturnType<typeof useTranslations<"landing">>;

function fieldErrorText(t: LandingTranslator, error: FieldError): string {
  return error.problem === "tooLong" ? t("fieldErrors.tooLong", { max: error.max }) : t(`fieldErrors.${error.problem}`);
}

function StatusMessage({ state }: { state: ConfirmState }) {
  const t = useTranslations("landing");
  const message =
    state.status === "busy"
      ? t("busy")
      : state.status === "signed-out"
        ? t("signedOut")
        : state.status === "rate-limited"
          ? `${t("rateLimitedTitle")}. ${t("rateLimitedWait", { minutes: state.retryAfterMinutes })}`
          : state.status === "problem" && state.kind === "invalid-token"
            ? `${t("invalidTokenTitle")}. ${t("invalidTokenText")}`
            : state.status === "problem" && state.kind === "invalid-purchase"
              ? `${t("invalidPurchaseTitle")}. ${t("invalidPurchaseHint")}`
              : state.status === "problem" && state.kind === "microsoft-unavailable"
                ? `${t("unavailableTitle")}. ${t("unavailableText")}`
                : state.status === "problem"
                  ? `${t("portalProblemTitle")}. ${t("portalProblemText")}`
                  : null;
  if (!message) return null;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-900">
      <p>{message}</p>
      {state.status === "problem" && state.reference ? (
        <p className="mt-1 text-sm">
          {t("reference")}: <code>{state.reference}</code>
        </p>
      ) : null}
    </div>
  );
}
