"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guard";
import type { EndpointStatus } from "@/lib/domain/outbound-events";
import {
  deleteEndpointAction,
  replayAction,
  rotateSecretAction,
  sendTestEventAction,
  setEndpointStatusAction,
} from "./actions";
import { SecretReveal } from "../_components/secret-reveal";

const button = "rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-60";

/** An endpoint's buttons: pause/resume (re-enable), send test event, rotate secret, delete, replay. */
export function EndpointControls({ id, name, status }: { id: string; name: string; status: EndpointStatus }) {
  const t = useTranslations("staff.events.controls");
  const tSecret = useTranslations("staff.events.secret");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const run = <T,>(work: () => Promise<ActionResult<T>>, done: (data: T) => string) =>
    start(async () => {
      const result = await work();
      setMessage(result.ok ? { text: done(result.data), error: false } : { text: result.message, error: true });
    });

  if (secret)
    return (
      <SecretReveal
        title={tSecret("newSecretOf", { name })}
        secret={secret}
        label={tSecret("label")}
        explanation={tSecret.rich("text", { strong: (chunks) => <strong>{chunks}</strong> })}
        onDone={() => setSecret(null)}
      />
    );

  const replay = (form: FormData) => {
    const eventId = String(form.get("eventId") ?? "")
      .trim()
      .replace(/^evt_/, "");
    const input = eventId
      ? { id, eventId }
      : { id, from: String(form.get("from") ?? ""), to: String(form.get("to") ?? "") };
    run(
      () => replayAction(input),
      ({ queued }) => t("replayed", { queued }),
    );
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-1">
        {status === "active" ? (
          <button
            type="button"
            disabled={pending}
            className={button}
            onClick={() =>
              run(
                () => setEndpointStatusAction({ id, status: "paused" }),
                () => t("paused"),
              )
            }
          >
            {t("pause")}
          </button>
        ) : (
          <button
            type="button"
            disabled={pending}
            className={button}
            onClick={() =>
              run(
                () => setEndpointStatusAction({ id, status: "active" }),
                () => t("delivering"),
              )
            }
          >
            {t(status === "disabled" ? "reenable" : "resume")}
          </button>
        )}
        <button
          type="button"
          disabled={pending}
          className={button}
          onClick={() =>
            run(
              () => sendTestEventAction({ id }),
              () => t("testQueued"),
            )
          }
        >
          {t("sendTest")}
        </button>
        <button
          type="button"
          disabled={pending}
          className={button}
          onClick={() =>
            start(async () => {
              const result = await rotateSecretAction({ id });
              if (result.ok) setSecret(result.data.secret);
              else setMessage({ text: result.message, error: true });
            })
          }
        >
          {t("rotate")}
        </button>
        {confirmDelete ? (
          <>
            <button
              type="button"
              disabled={pending}
              className="rounded bg-red-700 px-2 py-1 text-xs text-white"
              onClick={() =>
                run(
                  () => deleteEndpointAction({ id }),
                  () => t("deleted"),
                )
              }
            >
              {t("confirmDelete", { name })}
            </button>
            <button type="button" className={button} onClick={() => setConfirmDelete(false)}>
              {t("cancel")}
            </button>
          </>
        ) : (
          <button
            type="button"
            className={button}
            onClick={() => setConfirmDelete(true)}
            aria-label={t("deleteLabel", { name })}
          >
            {t("delete")}
          </button>
        )}
      </div>
      <form action={replay} className="flex flex-wrap items-end gap-2 text-xs" aria-label={t("replayLabel", { name })}>
        <label className="flex flex-col">
          {t("replayEvent")}
          <input
            name="eventId"
            placeholder="evt_123"
            className="w-28 rounded border border-slate-300 px-1 py-0.5 font-mono"
          />
        </label>
        <span className="pb-1 text-slate-600">{t("orFrom")}</span>
        <label className="flex flex-col">
          <span className="sr-only">{t("fromUtc")}</span>
          <input type="datetime-local" name="from" className="rounded border border-slate-300 px-1 py-0.5" />
        </label>
        <span className="pb-1 text-slate-600">{t("toUtc")}</span>
        <label className="flex flex-col">
          <span className="sr-only">{t("toUtcLabel")}</span>
          <input type="datetime-local" name="to" className="rounded border border-slate-300 px-1 py-0.5" />
        </label>
        <button type="submit" disabled={pending} className={button}>
          {t("replay")}
        </button>
      </form>
      {message ? (
        <p
          role={message.error ? "alert" : "status"}
          className={`text-xs ${message.error ? "text-red-800" : "text-slate-700"}`}
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
