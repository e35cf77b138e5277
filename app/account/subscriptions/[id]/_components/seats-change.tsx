"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import type { Started } from "@/lib/self-service/requests";
import { changeSeatsAction } from "../actions";
import { Refusal, Section } from "./section";
import { ConfirmStep } from "./confirm-step";
import { useBuyerChange } from "./use-buyer-change";

const button = "rounded px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60";

/** Seats within the plan's limits: checked here for a quick answer, and again on the server. */
export function SeatsChange({
  subscriptionId,
  seats,
  disabled,
  onStarted,
}: {
  subscriptionId: string;
  seats: { current: number; min: number; max: number };
  disabled: boolean;
  onStarted: (started: Started) => void;
}) {
  const t = useTranslations("account.seats");
  const inputId = useId();
  const [quantity, setQuantity] = useState(String(seats.current));
  const reviewButton = useRef<HTMLButtonElement>(null);
  const change = useBuyerChange(changeSeatsAction, onStarted, reviewButton);
  const wanted = Number(quantity);
  const review = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!Number.isInteger(wanted) || wanted < seats.min || wanted > seats.max)
      return change.fail(t("outOfRange", { min: seats.min, max: seats.max }));
    if (wanted === seats.current) return change.fail(t("same"));
    change.review();
  };
  return (
    <Section title={t("title")}>
      <form onSubmit={review} className="flex flex-wrap items-end gap-2">
        <div className="text-sm">
          <label htmlFor={inputId} className="block font-medium">
            {t("label", { min: seats.min, max: seats.max })}
          </label>
          <input
            id={inputId}
            name="quantity"
            type="number"
            required
            min={seats.min}
            max={seats.max}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            disabled={disabled || change.confirming}
            className="mt-1 w-32 rounded border border-slate-300 px-2 py-1.5"
          />
        </div>
        <button
          ref={reviewButton}
          type="submit"
          disabled={disabled || change.confirming}
          className={`${button} bg-brand-700 text-white hover:bg-brand-800`}
        >
          {t("review")}
        </button>
      </form>
      {change.confirming ? (
        <ConfirmStep
          title={t("confirmTitle")}
          lines={[t("confirmText", { from: seats.current, to: wanted })]}
          pending={change.pending}
          onConfirm={() => change.send({ subscriptionId, quantity: wanted })}
          onBack={change.back}
        />
      ) : null}
      <Refusal message={change.error} />
    </Section>
  );
}
