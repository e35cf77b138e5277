import { useTranslations } from "next-intl";

const TONES: Record<string, string> = {
  Subscribed: "bg-emerald-100 text-emerald-900",
  PendingFulfillmentStart: "bg-sky-100 text-sky-900",
  Suspended: "bg-amber-100 text-amber-900",
  Unsubscribed: "bg-slate-200 text-slate-800",
  NotStarted: "bg-slate-100 text-slate-800",
  Applied: "bg-emerald-100 text-emerald-900",
  Succeeded: "bg-emerald-100 text-emerald-900",
  Queued: "bg-sky-100 text-sky-900",
  Pending: "bg-sky-100 text-sky-900",
  InProgress: "bg-sky-100 text-sky-900",
  Running: "bg-sky-100 text-sky-900",
  Ignored: "bg-slate-100 text-slate-800",
  Failed: "bg-red-100 text-red-900",
  Refused: "bg-red-100 text-red-900",
  Conflict: "bg-amber-100 text-amber-900",
};

/** A status as a coloured pill (the text says it; the colour only helps). */
export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("staff.list");
  return (
    <span
      className={`inline-block whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ${TONES[status] ?? "bg-slate-100 text-slate-800"}`}
    >
      {status === "PendingFulfillmentStart" ? t("pendingActivation") : status}
    </span>
  );
}
