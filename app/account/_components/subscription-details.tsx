import { getLocale, getTranslations } from "next-intl/server";
import { formatDate, labelFor, termLabel } from "@/lib/i18n/format";
import type { ListedSubscription } from "@/lib/self-service/view";

// Microsoft's SaaS statuses we have words for (messages account.status.*); any other is shown as sent.
const STATUSES = ["PendingFulfillmentStart", "Subscribed", "Suspended", "Unsubscribed"] as const;

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="text-sm text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

/** Status, plan, seats and term of one subscription, as the portal last stored Microsoft's view. */
export async function SubscriptionDetails({ s }: { s: ListedSubscription }) {
  const t = await getTranslations("account");
  const locale = await getLocale();
  const day = (date: Date | string | null) => formatDate(date, locale);
  return (
    <dl className="divide-y divide-slate-100">
      <Field label={t("fields.status")}>{labelFor(s.status, STATUSES, (k) => t(`status.${k}`))}</Field>
      <Field label={t("fields.plan")}>{s.planName}</Field>
      <Field label={t("fields.seats")}>
        {s.quantity === null ? t("fields.notPerSeat") : t("fields.seatCount", { count: s.quantity })}
      </Field>
      <Field label={t("fields.billingTerm")}>{termLabel(s.termUnit, (unit) => t(`terms.${unit}`))}</Field>
      <Field label={t("fields.term")}>
        {s.termStartDate ? t("fields.termDates", { start: day(s.termStartDate), end: day(s.termEndDate) }) : "—"}
      </Field>
      <Field label={t("fields.autoRenew")}>{s.autoRenew ? t("fields.yes") : t("fields.no")}</Field>
      <Field label={t("fields.boughtBy")}>{s.purchaserEmail ?? "—"}</Field>
      <Field label={t("fields.boughtFor")}>{s.beneficiaryEmail ?? "—"}</Field>
    </dl>
  );
}
