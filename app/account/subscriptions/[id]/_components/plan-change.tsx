"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { PlanOffer, Price } from "@/lib/self-service/plans";
import { planLabel } from "@/lib/self-service/price-label";
import type { Started } from "@/lib/self-service/requests";
import { changePlanAction } from "../actions";
import { Refusal, Section } from "./section";
import { ConfirmStep } from "./confirm-step";
import { useBuyerChange } from "./use-buyer-change";

const button = "rounded px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60";

/** The plans Microsoft lists for this subscription, priced in the buyer's currency as Microsoft gave them. */
export function PlanChange({
  subscriptionId,
  currentPlan,
  plans,
  disabled,
  onStarted,
}: {
  subscriptionId: string;
  currentPlan: { name: string; price: Price | null; perSeat: boolean };
  plans: PlanOffer[];
  disabled: boolean;
  onStarted: (started: Started) => void;
}) {
  const t = useTranslations("account");
  const locale = useLocale();
  const selectId = useId();
  const [planId, setPlanId] = useState("");
  const reviewButton = useRef<HTMLButtonElement>(null);
  const change = useBuyerChange(changePlanAction, onStarted, reviewButton);
  const describe = (name: string, price: Price | null, perSeat: boolean) => {
    return planLabel(t, locale, name, price, perSeat);
  };
  // The buyer's pick while it is still choosable, else the first choosable plan (seats may have changed since).
  const chosen = plans.find((p) => p.planId === planId && p.fits) ?? plans.find((p) => p.fits);
  const review = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (chosen) change.review();
  };
  const needsSeats = (p: PlanOffer) => {
    const option = describe(p.name, p.price, p.perSeat);
    const min = p.minQuantity ?? 1;
    return p.maxQuantity === null
      ? t("plan.needsSeatsMin", { option, min })
      : t("plan.needsSeats", { option, min, max: p.maxQuantity });
  };
  if (!chosen)
    return (
      <Section title={t("plan.title")}>
        <p className="text-sm text-slate-700">{t(plans.length ? "plan.noneFits" : "plan.none")}</p>
        {plans.length ? (
          <ul className="list-inside list-disc text-sm text-slate-700">
            {plans.map((p) => (
              <li key={p.planId}>{needsSeats(p)}</li>
            ))}
          </ul>
        ) : null}
      </Section>
    );
  return (
    <Section title={t("plan.title")}>
      <form onSubmit={review} className="flex flex-wrap items-end gap-2">
        <div className="text-sm">
          <label htmlFor={selectId} className="block font-medium">
            {t("plan.label")}
          </label>
          <select
            id={selectId}
            name="planId"
            value={chosen?.planId ?? ""}
            onChange={(e) => setPlanId(e.target.value)}
            disabled={disabled || change.confirming}
            className="mt-1 rounded border border-slate-300 px-2 py-1.5"
          >
            {plans.map((p) => (
              <option key={p.planId} value={p.planId} disabled={!p.fits}>
                {p.fits ? describe(p.name, p.price, p.perSeat) : needsSeats(p)}
              </option>
            ))}
          </select>
        </div>
        <button
          ref={reviewButton}
          type="submit"
          disabled={disabled || change.confirming}
          className={`${button} bg-brand-700 text-white hover:bg-brand-800`}
        >
          {t("plan.review")}
        </button>
      </form>
      {change.confirming && chosen ? (
        <ConfirmStep
          title={t("plan.confirmTitle")}
          lines={[
            t("plan.confirmText", {
              from: describe(currentPlan.name, currentPlan.price, currentPlan.perSeat),
              to: describe(chosen.name, chosen.price, chosen.perSeat),
            }),
          ]}
          pending={change.pending}
          onConfirm={() => change.send({ subscriptionId, planId: chosen.planId })}
          onBack={change.back}
        />
      ) : null}
      <Refusal message={change.error} />
    </Section>
  );
}
