import { getTranslations } from "next-intl/server";
import { formatDate } from "@/lib/i18n/format";
import { formatTerm } from "@/lib/i18n/format-staff";
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

type StaffSubscriptionT = Awaited<ReturnType<typeof getTranslations<"staff.subscription">>>;

/** Where a gated purchase stands, with its age against Microsoft's 30 days while it waits. */
function provisioningText(s: SubscriptionRecord, requestedAt: Date, t: StaffSubscriptionT): string {
  const asked = t("fields.provisioningRequested", { date: formatDate(requestedAt) });
  if (s.activatedAt || s.status !== "PendingFulfillmentStart" || s.provisioningStatus === "Provisioned")
    return `${asked}; ${(s.provisioningStatus ?? "").toLowerCase()}${s.provisioningAnsweredAt ? ` ${formatDate(s.provisioningAnsweredAt)}` : ""}`;
  const age = provisioningAgeText(provisioningAge(requestedAt, s.purchasedAt));
  return s.provisioningStatus === "Failed"
    ? t("fields.provisioningFailed", { age, reason: s.provisioningFailureReason ?? t("fields.provisioningNoReason") })
    : `${age}.`;
}

/** Every field Microsoft sends about the subscription, plus what the portal adds. */
export async function SubscriptionFields({ s, activatedBy }: { s: SubscriptionRecord; activatedBy: string | null }) {
  const t = await getTranslations("staff.subscription");
  const yesNo = (b: boolean) => t(b ? "yes" : "no");
  const identity = (tenant: string | null, object: string | null) =>
    t("fields.identity", { tenant: tenant ?? "—", object: object ?? "—" });
  const details = (s.buyerDetails ?? {}) as Record<string, string>;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="microsoft-fields" className="rounded-lg border border-slate-200 bg-white px-4 py-2">
        <h2 id="microsoft-fields" className="py-2 font-semibold">
          {t("fromMicrosoft")}
        </h2>
        <dl className="divide-y divide-slate-100">
          <Field label={t("fields.status")}>
            <StatusBadge status={s.status} />
          </Field>
          <Field label={t("fields.id")}>
            <code className="break-all">{s.id}</code>
          </Field>
          <Field label={t("fields.plan")}>
            {s.offerId} / {s.planId}
          </Field>
          <Field label={t("fields.seats")}>{s.quantity ?? t("fields.flatRate")}</Field>
          <Field label={t("fields.term")}>
            {formatTerm(s.termUnit)}
            {s.termStartDate
              ? t("fields.termDates", { start: formatDate(s.termStartDate), end: formatDate(s.termEndDate) })
              : ""}
            {s.chargeDuration ? t("fields.charged", { duration: s.chargeDuration }) : ""}
          </Field>
          <Field label={t("fields.autoRenew")} help={t("fields.autoRenewHelp")}>
            {yesNo(s.autoRenew)}
          </Field>
          <Field label={t("fields.beneficiary")} help={t("fields.beneficiaryHelp")}>
            {s.beneficiaryEmail ?? "—"}
            <br />
            <span className="text-xs text-slate-500">{identity(s.beneficiaryTenantId, s.beneficiaryObjectId)}</span>
          </Field>
          <Field label={t("fields.purchaser")} help={t("fields.purchaserHelp")}>
            {s.purchaserEmail ?? "—"}
            <br />
            <span className="text-xs text-slate-500">{identity(s.purchaserTenantId, s.purchaserObjectId)}</span>
          </Field>
          <Field label={t("fields.testTrial")}>
            {yesNo(s.isTest)} / {yesNo(s.isFreeTrial)}
          </Field>
          <Field label={t("fields.sandbox")}>
            {s.sandboxType} / {s.sessionMode}
          </Field>
          <Field label={t("fields.allowed")} help={t("fields.allowedHelp")}>
            {s.allowedCustomerOperations.join(", ") || t("fields.allowedNone")}
          </Field>
          <Field label={t("fields.purchased")}>{formatDate(s.purchasedAt)}</Field>
        </dl>
      </section>
      <section aria-labelledby="portal-fields" className="rounded-lg border border-slate-200 bg-white px-4 py-2">
        <h2 id="portal-fields" className="py-2 font-semibold">
          {t("inPortal")}
        </h2>
        <dl className="divide-y divide-slate-100">
          <Field label={t("fields.name")}>{s.name}</Field>
          <Field label={t("fields.activated")}>
            {s.activatedAt
              ? `${formatDate(s.activatedAt)}${activatedBy ? t("fields.activatedBy", { who: activatedBy }) : ""}${s.activatedOutsidePurchase ? t("fields.activatedOutside") : ""}`
              : t("fields.notYet")}
          </Field>
          {s.provisioningStatus && s.provisioningRequestedAt ? (
            <Field label={t("fields.provisioning")} help={t("fields.provisioningHelp")}>
              {provisioningText(s, s.provisioningRequestedAt, t)}
            </Field>
          ) : null}
          {Object.entries(details).map(([k, v]) => (
            <Field key={k} label={k}>
              {v}
            </Field>
          ))}
          <Field label={t("fields.lastSynced")}>
            {s.lastSyncedAt ? s.lastSyncedAt.toISOString().replace("T", " ").slice(0, 19) + " UTC" : t("fields.never")}
          </Field>
          <Field label={t("fields.firstSeen")}>{formatDate(s.createdAt)}</Field>
        </dl>
      </section>
    </div>
  );
}
