import { useTranslations } from "next-intl";

const number = new Intl.NumberFormat("en");
const dayLabel = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const label = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/**
 * Columns per day as server-rendered SVG. The picture is summarised in its accessible name, and the exact
 * figures are one click away in a table (the text alternative).
 */
export function DayChart({ title, days }: { title: string; days: { day: string; count: number }[] }) {
  const t = useTranslations("staff.list.charts");
  const max = Math.max(1, ...days.map((d) => d.count));
  const total = days.reduce((s, d) => s + d.count, 0);
  const busiest = days.reduce((a, b) => (b.count > a.count ? b : a), days[0] ?? { day: "", count: 0 });
  const width = 600;
  const height = 140;
  const gap = 2;
  const col = width / Math.max(1, days.length);
  const first = days[0];
  const last = days[days.length - 1];
  const summary = t("summary", {
    title,
    total: number.format(total),
    busiest: busiest.count ? number.format(busiest.count) : "none",
    day: busiest.count ? label(busiest.day) : "",
  });
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={summary} className="h-auto w-full max-w-3xl">
        <line x1={0} x2={width} y1={height} y2={height} className="stroke-slate-300" strokeWidth={1} />
        {days.map((d, i) => {
          const h = (d.count / max) * (height - 4);
          return (
            <rect
              key={d.day}
              x={i * col + gap / 2}
              y={height - h}
              width={col - gap}
              height={h}
              className="fill-brand-600"
            >
              <title>{`${label(d.day)}: ${d.count}`}</title>
            </rect>
          );
        })}
        {first ? (
          <text x={0} y={height + 14} className="fill-slate-600 text-[11px]">
            {label(first.day)}
          </text>
        ) : null}
        {last ? (
          <text x={width} y={height + 14} textAnchor="end" className="fill-slate-600 text-[11px]">
            {label(last.day)}
          </text>
        ) : null}
        <text x={0} y={12} className="fill-slate-500 text-[11px]">
          {t("max", { max: number.format(max) })}
        </text>
      </svg>
      <figcaption className="text-sm text-slate-700">{summary}</figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer underline underline-offset-2">{t("showTable")}</summary>
        <table className="mt-2 border-collapse">
          <caption className="sr-only">{t("perDay", { title })}</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left">
              <th scope="col" className="py-1 pr-6">
                {t("day")}
              </th>
              <th scope="col" className="py-1 text-right">
                {t("purchases")}
              </th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day} className="border-b border-slate-100">
                <th scope="row" className="py-1 pr-6 text-left font-normal">
                  {label(d.day)}
                </th>
                <td className="py-1 text-right tabular-nums">{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
