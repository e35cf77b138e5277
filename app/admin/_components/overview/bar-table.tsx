import { useTranslations } from "next-intl";

export type Bar = { label: React.ReactNode; value: number; text?: string; key: string };

const number = new Intl.NumberFormat("en");

/**
 * A horizontal bar chart that is a real table: screen readers and copy-paste get the figures, and the
 * bars are decoration (aria-hidden) drawn with CSS, with no chart library and no script.
 */
export function BarTable({
  caption,
  labelHeader,
  valueHeader,
  bars,
}: {
  caption: string;
  labelHeader: string;
  valueHeader: string;
  bars: Bar[];
}) {
  const t = useTranslations("staff.list.charts");
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-200 text-left text-slate-600">
          <th scope="col" className="w-1/3 py-1.5 pr-2 font-medium">
            {labelHeader}
          </th>
          <th scope="col" className="w-24 py-1.5 pr-2 text-right font-medium">
            {valueHeader}
          </th>
          <th scope="col" className="py-1.5">
            <span className="sr-only">{t("bar")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {bars.map((b) => (
          <tr key={b.key} className="border-b border-slate-100 last:border-0">
            <th scope="row" className="py-1.5 pr-2 text-left font-normal">
              {b.label}
            </th>
            <td className="py-1.5 pr-2 text-right tabular-nums">{b.text ?? number.format(b.value)}</td>
            <td className="py-1.5" aria-hidden="true">
              <div
                className="h-3 rounded-sm bg-brand-600"
                style={{ width: `${(b.value / max) * 100}%`, minWidth: b.value > 0 ? "2px" : 0 }}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
