"use client";

import { useRef } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatDateTime } from "@/lib/i18n/format";
import type { Started } from "@/lib/self-service/requests";
import { cancelAction } from "../actions";
import { Refusal, Section } from "./section";
import { ConfirmStep } from "./confirm-step";
import { useBuyerChange } from "./use-buyer-change";

const button = "rounded px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60";

/** Cancelling, with Microsoft's 72-hour rule stated with this subscription's own dates (reference §3.8). */
export function CancelChange({
  subscriptionId,
  name,
  cancel,
  disabled,
  onStarted,
}: {
  subscriptionId: string;
  name: string;
  cancel: { freeUntil: string | null; freeNow: boolean };
  disabled: boolean;
  onStarted: (started: Started) => void;
}) {
  const t = useTranslations("account.cancel");
  const locale = useLocale();
  const until = cancel.freeUntil ? formatDateTime(cancel.freeUntil, locale) : null;
  const reviewButton = useRef<HTMLButtonElement>(null);
  const change = useBuyerChange(cancelAction, onStarted, reviewButton);
  return (
    <Section title={t("title")}>
      <p className="text-sm text-slate-700" data-testid="cancel-rule">
        {until ? t(cancel.freeNow ? "freeUntil" : "billedSince", { until }) : t("billed")}
      </p>
      <button
        ref={reviewButton}
        type="button"
        onClick={change.review}
        disabled={disabled || change.confirming}
        className={`${button} border border-red-700 bg-white text-red-800 hover:bg-red-50`}
      >
        {t("review")}
      </button>
      {change.confirming ? (
        <ConfirmStep
          title={t("confirmTitle")}
          lines={[t("confirmText", { name }), t(cancel.freeNow ? "confirmFree" : "confirmBilled")]}
          pending={change.pending}
          danger
          onConfirm={() => change.send({ subscriptionId, confirmed: true })}
          onBack={change.back}
        />
      ) : null}
      <Refusal message={change.error} />
    </Section>
  );
}
