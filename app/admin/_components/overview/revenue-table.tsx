import { useTranslations } from "next-intl";
import type { RevenueEstimate } from "@/lib/data/kpis-revenue";
import { formatMoney } from "@/lib/i18n/format";
import { formatCount } from "./format";

const money = (m: { currency: string; amount: number }[]) =>
  m.length ? m.map((x) => formatMoney(x.amount, x.currency)).join(" + ") : "—";

/** Active subscriptions, seats and the estimated monthly revenue per plan, with a total per currency. */
export function RevenueTable({ revenue }: { revenue: RevenueEstimate }) {
  const t = useTranslations("staff.list.revenue");
  if (!revenue.byPlan.length) return <p className="text-sm text-slate-600">{t("none")}</p>;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-600">
              <th scope="col" className="py-1.5 pr-3 font-medium">
                {t("plan")}
              </th>
              <th scope="col" className="py-1.5 pr-3 text-right font-medium">
                {t("active")}
              </th>
              <th scope="col" className="py-1.5 pr-3 text-right font-medium">
                {t("seats")}
              </th>
              <th scope="col" className="py-1.5 text-right font-medium">
                {t("perMonth")}
              </th>
            </tr>
          </thead>
          <tbody>
            {revenue.byPlan.map((p) => (
              <tr key={`${p.offerId}/${p.planId}`} className="border-b border-slate-100">
                <th scope="row" className="py-1.5 pr-3 text-left font-normal">
                  {p.offerId} / {p.planId}
                  {p.displayName ? <span className="block text-xs text-slate-500">{p.displayName}</span> : null}
                </th>
                <td className="py-1.5 pr-3 text-right tabular-nums">{formatCount(p.subscriptions)}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums">
                  {p.perSeat ? (
                    formatCount(p.seats)
                  ) : (
                    <span className="text-slate-400" title={t("flatRate")}>
                      —
                    </span>
                  )}
                </td>
                <td className="py-1.5 text-right tabular-nums">{money(p.monthly)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {revenue.totals.map((total) => (
              <tr key={total.currency} className="font-semibold">
                <th scope="row" colSpan={3} className="py-1.5 pr-3 text-left">
                  {t("total", { currency: total.currency })}
                </th>
                <td className="py-1.5 text-right tabular-nums">{formatMoney(total.amount, total.currency)}</td>
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
      <p className="text-xs text-slate-600">{t("note", { freeTrials: formatCount(revenue.freeTrials) })}</p>
      {revenue.unpriced.length ? (
        <p className="text-xs text-amber-900">
          {t("unpriced", {
            count: formatCount(revenue.unpriced.reduce((s, u) => s + u.subscriptions, 0)),
            plans: revenue.unpriced
              .map((u) => `${u.offerId} / ${u.planId}${u.termUnit ? ` (${u.termUnit})` : ""}`)
              .join(", "),
          })}
        </p>
      ) : null}
    </div>
  );
}
