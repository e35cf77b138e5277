import type { AttemptRecord } from "@/lib/data/deliveries";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19) + " UTC";

const SOURCES: Record<string, string> = { microsoft: "Microsoft", queue: "Worker", rerun: "Re-run" };

/** A delivery's attempts (Microsoft's deliveries, the workers' attempts, owners' re-runs), newest first, folded by default. */
export function AttemptList({ attempts, total }: { attempts: AttemptRecord[]; total: number }) {
  if (!attempts.length) return null;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-slate-600">
        {total} attempt{total === 1 ? "" : "s"}
        {total > attempts.length ? ` (latest ${attempts.length} shown)` : ""}
      </summary>
      <ol className="mt-1 space-y-1 text-xs" aria-label="Attempts">
        {attempts.map((a) => (
          <li key={a.id} className="rounded bg-slate-50 p-1.5">
            <time dateTime={a.at.toISOString()} className="text-slate-500">
              {when(a.at)}
            </time>{" "}
            <span className="font-medium">{SOURCES[a.source] ?? a.source}</span>
            {a.httpStatus !== null ? <span> · answered HTTP {a.httpStatus}</span> : null}
            {a.durationMs !== null ? <span className="text-slate-500"> · {a.durationMs} ms</span> : null}
            {a.requestId ? <span className="text-slate-500"> · request {a.requestId}</span> : null}
            <p className="text-slate-700">{a.outcome}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}
