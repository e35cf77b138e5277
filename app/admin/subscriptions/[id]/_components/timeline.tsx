import { getTranslations } from "next-intl/server";
import type { TimelineEvent } from "@/lib/data/timeline";
import { StatusBadge } from "../../../_components/status-badge";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19) + " UTC";

function changes(before: unknown, after: unknown): string {
  const a = (after ?? {}) as Record<string, unknown>;
  const b = (before ?? {}) as Record<string, unknown>;
  return Object.keys(a)
    .filter((k) => k !== "searchText")
    .slice(0, 6)
    .map((k) => (k in b ? `${k}: ${JSON.stringify(b[k])} → ${JSON.stringify(a[k])}` : `${k}: ${JSON.stringify(a[k])}`))
    .join("; ");
}

/** Audit entries, webhook deliveries and publisher operations, newest first. */
export async function Timeline({ events }: { events: TimelineEvent[] }) {
  const t = await getTranslations("staff.subscription");
  if (!events.length) return <p className="text-sm text-slate-600">{t("timelineEmpty")}</p>;
  return (
    <ol className="space-y-2" aria-label={t("timeline")}>
      {events.map((e) => (
        <li key={`${e.kind}-${e.id}`} className="rounded border border-slate-200 bg-white p-3 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <time dateTime={e.at.toISOString()} className="text-slate-500">
              {when(e.at)}
            </time>
            {e.kind === "audit" ? (
              <>
                <span className="font-medium">{e.action}</span>
                <span className="text-slate-600">{t("by", { who: e.actor })}</span>
              </>
            ) : e.kind === "delivery" ? (
              <>
                <span className="font-medium">{t("webhook", { action: e.action })}</span>
                <StatusBadge status={e.status} />
                <span className="text-slate-600">{t("attempts", { count: e.attempts })}</span>
              </>
            ) : (
              <>
                <span className="font-medium">{t("publisher", { action: e.action })}</span>
                <StatusBadge status={e.status} />
                {e.requestedBy ? (
                  <span className="text-slate-600">{t("requestedBy", { who: e.requestedBy })}</span>
                ) : null}
              </>
            )}
          </div>
          {e.kind === "audit" && e.after ? (
            <p className="mt-1 break-words text-slate-700">{changes(e.before, e.after)}</p>
          ) : null}
          {e.kind === "delivery" && e.outcome ? <p className="mt-1 text-slate-700">{e.outcome}</p> : null}
          {e.kind === "operation" && e.error ? <p className="mt-1 text-slate-700">{e.error}</p> : null}
        </li>
      ))}
    </ol>
  );
}
