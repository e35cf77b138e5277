import type { RevenueEstimate } from "@/lib/data/kpis-revenue";
import { formatMoney } from "@/lib/i18n/format";
import { formatCount } from "./format";

const money = (m: { currency: string; amount: number }[]) =>
  m.length ? m.map((x) => formatMoney(x.amount, x.currency)).join(" + ") : "—";

/** Active subscriptions, seats and the estimated monthly revenue per plan, with a total per currency. */
export function RevenueTable({ revenue }: { revenue: RevenueEstimate }) {
  if (!revenue.byPlan.length) return <p className="text-sm text-slate-600">No active subscriptions.</p>;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Active subscriptions, seats and estimated monthly revenue by plan</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-600">
              <th scope="col" className="py-1.5 pr-3 font-medium">
                Offer / plan
              </th>
              <th scope="col" className="py-1.5 pr-3 text-right font-medium">
                Active
              </th>
              <th scope="col" className="py-1.5 pr-3 text-right font-medium">
                Seats
              </th>
              <th scope="col" className="py-1.5 text-right font-medium">
                Per month (estimate)
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
                    <span className="text-slate-400" title="Flat-rate plan">
                      —
                    </span>
                  )}
                </td>
                <td className="py-1.5 text-right tabular-nums">{money(p.monthly)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {revenue.totals.map((t) => (
              <tr key={t.currency} className="font-semibold">
                <th scope="row" colSpan={3} className="py-1.5 pr-3 text-left">
                  Total in {t.currency}
                </th>
                <td className="py-1.5 text-right tabular-nums">{formatMoney(t.amount, t.currency)}</td>
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
      <p className="text-xs text-slate-600">
        An estimate from the plans&apos; list prices: yearly and multi-year terms spread over their months, per-seat
        prices times the seats, free trials ({formatCount(revenue.freeTrials)} now) at nothing. Private-offer discounts,
        taxes, Microsoft&apos;s fee and metered usage are not included, and currencies are never added together.
      </p>
      {revenue.unpriced.length ? (
        <p className="text-xs text-amber-900">
          Not priced ({formatCount(revenue.unpriced.reduce((s, u) => s + u.subscriptions, 0))} subscriptions): no stored
          price for{" "}
          {revenue.unpriced.map((u) => `${u.offerId} / ${u.planId}${u.termUnit ? ` (${u.termUnit})` : ""}`).join(", ")}.
          The portal stores a plan&apos;s prices from Microsoft when a buyer lands on the portal with it, or when an
          operator opens a subscription of its offer.
        </p>
      ) : null}
    </div>
  );
}
