import { formatDate, formatTerm } from "@/lib/i18n/format";
import type { SubscriptionRecord } from "@/lib/data/subscriptions";
import { provisioningAge, provisioningAgeText } from "@/lib/domain/provisioning";
import { StatusBadge } from "../../../_components/status-badge";

function Field({ label, children, help }: { label: string; children: React.ReactNode; help?: string }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">
        {label}
        {help ? <span className="block text-xs font-normal text-slate-500">{help}</span> : null}
      </dt>
      <dd className="text-sm text-slate-900 sm:col-span-2">{children ?? "—"}</dd>
    </div>
  );
}

const yesNo = (b: boolean) => (b ? "Yes" : "No");

/** Where a gated purchase stands, with its age against Microsoft's 30 days while it waits. */
function provisioningText(s: SubscriptionRecord, requestedAt: Date): string {
  const asked = `Requested ${formatDate(requestedAt)}`;
  if (s.activatedAt || s.status !== "PendingFulfillmentStart" || s.provisioningStatus === "Provisioned")
    return `${asked}; ${(s.provisioningStatus ?? "").toLowerCase()}${s.provisioningAnsweredAt ? ` ${formatDate(s.provisioningAnsweredAt)}` : ""}`;
  const age = provisioningAgeText(provisioningAge(requestedAt, s.purchasedAt));
  return s.provisioningStatus === "Failed"
    ? `${age}. The ISV reported a failure: ${s.provisioningFailureReason ?? "no reason given"}`
    : `${age}.`;
}

/** Every field Microsoft sends about the subscription, plus what the portal adds. */
export function SubscriptionFields({ s, activatedBy }: { s: SubscriptionRecord; activatedBy: string | null }) {
  const details = (s.buyerDetails ?? {}) as Record<string, string>;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="microsoft-fields" className="rounded-lg border border-slate-200 bg-white px-4 py-2">
        <h2 id="microsoft-fields" className="py-2 font-semibold">
          From Microsoft
        </h2>
        <dl className="divide-y divide-slate-100">
          <Field label="Status">
            <StatusBadge status={s.status} />
          </Field>
          <Field label="Subscription id">
            <code className="break-all">{s.id}</code>
          </Field>
          <Field label="Offer / plan">
            {s.offerId} / {s.planId}
          </Field>
          <Field label="Seats">{s.quantity ?? "Flat rate (no seats)"}</Field>
          <Field label="Term">
            {formatTerm(s.termUnit)}
            {s.termStartDate ? `: ${formatDate(s.termStartDate)} – ${formatDate(s.termEndDate)}` : ""}
            {s.chargeDuration ? ` (charged ${s.chargeDuration})` : ""}
          </Field>
          <Field label="Auto-renew" help="Off: Microsoft cancels it at the end of the term.">
            {yesNo(s.autoRenew)}
          </Field>
          <Field label="Beneficiary" help="Who uses it (the customer).">
            {s.beneficiaryEmail ?? "—"}
            <br />
            <span className="text-xs text-slate-500">
              tenant {s.beneficiaryTenantId ?? "—"}, object {s.beneficiaryObjectId ?? "—"}
            </span>
          </Field>
          <Field label="Purchaser" help="Who bought it: a CSP partner or reseller when different from the beneficiary.">
            {s.purchaserEmail ?? "—"}
            <br />
            <span className="text-xs text-slate-500">
              tenant {s.purchaserTenantId ?? "—"}, object {s.purchaserObjectId ?? "—"}
            </span>
          </Field>
          <Field label="Test / free trial">
            {yesNo(s.isTest)} / {yesNo(s.isFreeTrial)}
          </Field>
          <Field label="Sandbox / session mode">
            {s.sandboxType} / {s.sessionMode}
          </Field>
          <Field
            label="Allowed on the customer's behalf"
            help="Microsoft's allowedCustomerOperations. Update: change plan or seats; Delete: cancel. CSP purchases allow Read only (the partner manages them)."
          >
            {s.allowedCustomerOperations.join(", ") || "None"}
          </Field>
          <Field label="Purchased">{formatDate(s.purchasedAt)}</Field>
        </dl>
      </section>
      <section aria-labelledby="portal-fields" className="rounded-lg border border-slate-200 bg-white px-4 py-2">
        <h2 id="portal-fields" className="py-2 font-semibold">
          In the portal
        </h2>
        <dl className="divide-y divide-slate-100">
          <Field label="Name">{s.name}</Field>
          <Field label="Activated">
            {s.activatedAt
              ? `${formatDate(s.activatedAt)}${activatedBy ? ` by ${activatedBy}` : ""}${s.activatedOutsidePurchase ? " — signed in from outside the purchase (neither purchaser's nor beneficiary's tenant)" : ""}`
              : "Not yet"}
          </Field>
          {s.provisioningStatus && s.provisioningRequestedAt ? (
            <Field label="Provisioning" help="Provisioning gate: the ISV's application answers through the API">
              {provisioningText(s, s.provisioningRequestedAt)}
            </Field>
          ) : null}
          {Object.entries(details).map(([k, v]) => (
            <Field key={k} label={k}>
              {v}
            </Field>
          ))}
          <Field label="Last compared with Microsoft">
            {s.lastSyncedAt ? s.lastSyncedAt.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "Never"}
          </Field>
          <Field label="First seen">{formatDate(s.createdAt)}</Field>
        </dl>
      </section>
    </div>
  );
}
