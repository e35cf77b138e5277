"use client";

import { useEffect, useId, useRef } from "react";
import { useTranslations } from "next-intl";

const button = "rounded px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60";

/**
 * The confirm step of a buyer's change: takes the keyboard focus when it opens (so a keyboard or screen-reader
 * user lands on what they are confirming), and gives it back to the form on Back.
 */
export function ConfirmStep({
  title,
  lines,
  pending,
  danger,
  onConfirm,
  onBack,
}: {
  title: string;
  lines: string[];
  pending: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const t = useTranslations("account");
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div role="group" aria-labelledby={headingId} className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3">
      <h4 id={headingId} ref={heading} tabIndex={-1} className="font-semibold outline-none focus-visible:ring-2">
        {title}
      </h4>
      {lines.map((line) => (
        <p key={line} className="text-sm">
          {line}
        </p>
      ))}
      <div className="flex gap-2">
        <button
          type="button"
          onClick={onConfirm}
          disabled={pending}
          className={`${button} text-white ${danger ? "bg-red-700 hover:bg-red-800" : "bg-brand-700 hover:bg-brand-800"}`}
        >
          {pending ? t("sending") : t("confirm")}
        </button>
        <button
          type="button"
          onClick={onBack}
          disabled={pending}
          className={`${button} border border-slate-300 bg-white hover:bg-slate-100`}
        >
          {t("back")}
        </button>
      </div>
    </div>
  );
}
