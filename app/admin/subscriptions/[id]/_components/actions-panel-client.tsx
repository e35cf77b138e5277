"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useState, useTransition, type FormEvent, type ReactNode } from "react";
import type { ActionResult } from "@/lib/auth/guard";
import type { ActionChoices } from "@/lib/operations/choices";
import { activateAction, cancelAction, changePlanAction, changeSeatsAction } from "../actions";
import { OperationProgress } from "./operation-progress";

type Watched = { operationId: string; action: string; done?: boolean };
/** What a change request returned: an operation to watch (or none when the change already shows), and what the admin should know. */
type Started = { operationId: string | null; action: string; notice: string | null };

const button = "rounded px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60";

/** Runs a staff action from a form and keeps its outcome (an operation to watch, or a message). */
function useStaffForm<T>(action: (form: FormData) => Promise<ActionResult<T>>, onDone: (data: T) => void) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await action(form);
      if (result.ok) {
        setError(null);
        onDone(result.data);
      } else setError({ message: result.message, fields: result.fieldErrors });
    });
  };
  return { pending, error, submit };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <h3 className="font-semibold">{title}</h3>
      {children}
    </section>
  );
}

function Problem({ error }: { error: { message: string; fields?: Record<string, string> } | null }) {
  if (!error) return null;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
      <p>{error.message}</p>
      {error.fields ? (
        <ul>
          {Object.values(error.fields).map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function ActionsPanelClient({
  subscriptionId,
  purchasedAt,
  choices,
}: {
  subscriptionId: string;
  purchasedAt: Date | null;
  choices: ActionChoices;
}) {
  const t = useTranslations("staff.subscriptionActions");
  const router = useRouter();
  const [watching, setWatching] = useState<Watched | null>(
    choices.pending ? { operationId: choices.pending.id, action: choices.pending.action } : null,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const watch = (started: Started) => {
    setNotice(started.notice);
    if (started.operationId) setWatching({ operationId: started.operationId, action: started.action });
    else router.refresh();
  };
  const plan = useStaffForm(changePlanAction, watch);
  const seats = useStaffForm(changeSeatsAction, watch);
  const cancel = useStaffForm(cancelAction, watch);
  const activate = useStaffForm(activateAction, () => router.refresh());
  const busy = watching !== null && !watching.done;
  const blocked = choices.changeBlockedBy.length > 0 || busy;
  const finished = useCallback(() => setWatching((w) => (w ? { ...w, done: true } : w)), []);
  const others = choices.plans.filter((p) => !p.current);

  return (
    <div className="space-y-4">
      {notice ? (
        <p
          role="status"
          data-testid="action-notice"
          className="rounded border border-amber-300 bg-amber-50 p-3 text-sm"
        >
          {notice}
        </p>
      ) : null}
      {watching ? (
        <OperationProgress
          key={watching.operationId}
          operationId={watching.operationId}
          initialAction={watching.action}
          onDone={finished}
        />
      ) : null}
      {choices.changeBlockedBy.length ? (
        <ul className="list-inside list-disc text-sm text-slate-700">
          {choices.changeBlockedBy.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}

      {choices.canActivate ? (
        <Section title={t("activate.title")}>
          <p className="text-sm text-slate-700">{t("activate.text")}</p>
          <form onSubmit={activate.submit}>
            <input type="hidden" name="subscriptionId" value={subscriptionId} />
            <button
              type="submit"
              disabled={activate.pending}
              className={`${button} bg-brand-700 text-white hover:bg-brand-800`}
            >
              {activate.pending ? t("activate.pending") : t("activate.button")}
            </button>
          </form>
          <Problem error={activate.error} />
        </Section>
      ) : null}

      {choices.plans.length ? (
        <Section title={t("plan.title")}>
          <form onSubmit={plan.submit} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="subscriptionId" value={subscriptionId} />
            <label className="text-sm">
              <span className="block font-medium">{t("plan.label")}</span>
              <select
                name="planId"
                required
                disabled={blocked || !others.length}
                className="mt-1 rounded border border-slate-300 px-2 py-1.5"
              >
                {others.map((p) => (
                  <option key={p.planId} value={p.planId}>
                    {p.perSeat
                      ? t("plan.perSeat", {
                          name: p.displayName,
                          planId: p.planId,
                          min: String(p.minQuantity ?? 1),
                          max: String(p.maxQuantity ?? "∞"),
                        })
                      : t("plan.flatRate", { name: p.displayName, planId: p.planId })}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="submit"
              disabled={blocked || plan.pending || !others.length}
              className={`${button} bg-brand-700 text-white hover:bg-brand-800`}
            >
              {plan.pending ? t("requesting") : t("plan.button")}
            </button>
          </form>
          <Problem error={plan.error} />
        </Section>
      ) : null}

      {choices.seats ? (
        <Section title={t("seats.title")}>
          <form onSubmit={seats.submit} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="subscriptionId" value={subscriptionId} />
            <label className="text-sm">
              <span className="block font-medium">
                {t("seats.label", { min: String(choices.seats.min), max: String(choices.seats.max) })}
              </span>
              <input
                name="quantity"
                type="number"
                required
                min={choices.seats.min}
                max={choices.seats.max}
                defaultValue={choices.seats.current}
                disabled={blocked}
                className="mt-1 w-32 rounded border border-slate-300 px-2 py-1.5"
              />
            </label>
            <button
              type="submit"
              disabled={blocked || seats.pending}
              className={`${button} bg-brand-700 text-white hover:bg-brand-800`}
            >
              {seats.pending ? t("requesting") : t("seats.button")}
            </button>
          </form>
          <Problem error={seats.error} />
        </Section>
      ) : null}

      {choices.cancelBlockedBy.length === 0 ? (
        <Section title={t("cancel.title")}>
          <CancelRule
            purchasedAt={purchasedAt}
            freeUntil={choices.freeCancellationUntil}
            freeNow={choices.cancellationIsFree}
          />
          <form onSubmit={cancel.submit} className="space-y-2">
            <input type="hidden" name="subscriptionId" value={subscriptionId} />
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="confirm" required disabled={busy} className="mt-1" />
              <span>{t("cancel.confirm")}</span>
            </label>
            <button
              type="submit"
              disabled={cancel.pending || busy}
              className={`${button} bg-red-700 text-white hover:bg-red-800`}
            >
              {cancel.pending ? t("requesting") : t("cancel.button")}
            </button>
          </form>
          <Problem error={cancel.error} />
        </Section>
      ) : null}
    </div>
  );
}

/** Microsoft's 72-hour rule, stated with this subscription's own dates. */
function CancelRule({
  purchasedAt,
  freeUntil,
  freeNow,
}: {
  purchasedAt: Date | null;
  freeUntil: Date | null;
  freeNow: boolean;
}) {
  const t = useTranslations("staff.subscriptionActions.cancel");
  const fmt = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  if (!purchasedAt || !freeUntil) return <p className="text-sm text-slate-700">{t("ruleWithoutDates")}</p>;
  return (
    <p className="text-sm text-slate-700">
      {t.rich("rule", {
        bought: fmt(purchasedAt),
        until: fmt(freeUntil),
        window: freeNow ? t("freeNow") : t("billedNow"),
        strong: (c) => <strong>{c}</strong>,
      })}
    </p>
  );
}
