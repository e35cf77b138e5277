import { useTranslations } from "next-intl";
import type { AttemptRecord } from "@/lib/data/deliveries";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19) + " UTC";

const SOURCES = ["microsoft", "queue", "rerun"] as const;
const isKnownSource = (s: string): s is (typeof SOURCES)[number] => (SOURCES as readonly string[]).includes(s);

/** A delivery's attempts (Microsoft's deliveries, the workers' attempts, owners' re-runs), newest first, folded by default. */
export function AttemptList({ attempts, total }: { attempts: AttemptRecord[]; total: number }) {
  const t = useTranslations("staff.webhooks.attempts");
  if (!attempts.length) return null;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-slate-600">
        {t("count", { total })}
        {total > attempts.length ? t("latestShown", { shown: attempts.length }) : ""}
      </summary>
      <ol className="mt-1 space-y-1 text-xs" aria-label={t("label")}>
        {attempts.map((a) => (
          <li key={a.id} className="rounded bg-slate-50 p-1.5">
            <time dateTime={a.at.toISOString()} className="text-slate-500">
              {when(a.at)}
            </time>{" "}
            <span className="font-medium">{isKnownSource(a.source) ? t(`sources.${a.source}`) : a.source}</span>
            {a.httpStatus !== null ? <span>{t("answered", { status: String(a.httpStatus) })}</span> : null}
            {a.durationMs !== null ? (
              <span className="text-slate-500">{t("duration", { ms: String(a.durationMs) })}</span>
            ) : null}
            {a.requestId ? <span className="text-slate-500">{t("request", { id: a.requestId })}</span> : null}
            <p className="text-slate-700">{a.outcome}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}
