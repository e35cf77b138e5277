import { fill, type AccountMessages } from "@/lib/i18n/account-en";
import { formatDay, formatTermUnit } from "@/lib/self-service/format";
import type { ListedSubscription } from "@/lib/self-service/view";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="text-sm text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

/** Status, plan, seats and term of one subscription, as the portal last stored Microsoft's view. */
export function SubscriptionDetails({ s, t }: { s: ListedSubscription; t: AccountMessages }) {
  const f = t.fields;
  return (
    <dl className="divide-y divide-slate-100">
      <Field label={f.status}>{t.status[s.status] ?? s.status}</Field>
      <Field label={f.plan}>{s.planName}</Field>
      <Field label={f.seats}>{s.quantity ?? f.notPerSeat}</Field>
      <Field label={f.billingTerm}>{formatTermUnit(t, s.termUnit)}</Field>
      <Field label={f.term}>
        {s.termStartDate
          ? fill(f.termDates, { start: formatDay(s.termStartDate), end: formatDay(s.termEndDate) })
          : "—"}
      </Field>
      <Field label={f.autoRenew}>{s.autoRenew ? f.yes : f.no}</Field>
      <Field label={f.boughtBy}>{s.purchaserEmail ?? "—"}</Field>
      <Field label={f.boughtFor}>{s.beneficiaryEmail ?? "—"}</Field>
    </dl>
  );
}
