import { getLocale, getTranslations } from "next-intl/server";
import { formatDate, formatMoney, termLabel } from "@/lib/i18n/format";
import type { PurchaseView } from "@/lib/landing/purchase-view";

function Row({ label, children, help }: { label: string; children: React.ReactNode; help?: string }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="font-medium text-slate-700">
        {label}
        {help ? <span className="block text-sm font-normal text-slate-500">{help}</span> : null}
      </dt>
      <dd className="text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

export async function PurchaseSummary({ purchase }: { purchase: PurchaseView }) {
  const t = await getTranslations("landing");
  const terms = await getTranslations("terms");
  const locale = await getLocale();
  const term = (unit: string | null) => termLabel(unit, terms);
  const { plan, markers } = purchase;
  const flags = [
    markers.test && t("markers.test"),
    markers.freeTrial && t("markers.freeTrial"),
    markers.csp && t("markers.csp"),
  ].filter(Boolean) as string[];
  return (
    <section aria-labelledby="details" className="rounded-lg border border-slate-200 bg-white px-5 py-2">
      <h2 id="details" className="sr-only">
        {t("details")}
      </h2>
      {flags.length ? (
        <ul aria-label={t("markersLabel")} className="flex flex-wrap gap-2 pt-3">
          {flags.map((f) => (
            <li key={f} className="rounded-full bg-amber-100 px-3 py-1 text-sm font-medium text-amber-900">
              {f}
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="divide-y divide-slate-100">
        <Row label={t("subscriptionName")}>{purchase.name || purchase.subscriptionId}</Row>
        <Row label={t("offer")}>{purchase.offerId}</Row>
        <Row label={t("plan")}>
          <span className="font-medium">{plan.name}</span>
          {plan.description ? <span className="block text-sm text-slate-600">{plan.description}</span> : null}
        </Row>
        {plan.price ? (
          <Row label={t("price")}>
            {t(plan.perSeat ? "pricePerSeat" : "priceFlat", {
              price: formatMoney(plan.price.amount, plan.price.currency, locale),
              term: term(plan.price.termUnit),
            })}
          </Row>
        ) : null}
        {purchase.quantity !== null ? (
          <Row label={t("seats")}>{t("seatCount", { count: purchase.quantity })}</Row>
        ) : null}
        <Row label={t("term")}>{term(purchase.term.unit)}</Row>
        {purchase.term.start ? (
          <Row label={t("termDates")}>
            {formatDate(purchase.term.start, locale)} – {formatDate(purchase.term.end, locale)}
          </Row>
        ) : null}
        <Row label={t("autoRenew")}>{purchase.autoRenew ? t("yes") : t("no")}</Row>
        {plan.meters.length ? (
          <Row label={t("meters")}>
            <ul className="space-y-1">
              {plan.meters.map((m) => (
                <li key={m.id}>
                  {m.name}:{" "}
                  {m.pricePerUnit !== null && m.currency ? formatMoney(m.pricePerUnit, m.currency, locale) : "—"}
                  {m.unit ? ` / ${m.unit}` : ""}
                </li>
              ))}
            </ul>
          </Row>
        ) : null}
        <Row label={t("purchaser")} help={t("purchaserHelp")}>
          {purchase.purchaser.email ?? "—"}
        </Row>
        <Row label={t("beneficiary")} help={t("beneficiaryHelp")}>
          {purchase.beneficiary.email ?? "—"}
        </Row>
      </dl>
    </section>
  );
}
