import { useTranslations } from "next-intl";
import type { CheckReport, CheckStatus } from "@/lib/doctor";

const LOOK: Record<CheckStatus, { mark: string; tone: string }> = {
  pass: { mark: "✓", tone: "bg-emerald-100 text-emerald-900" },
  warn: { mark: "!", tone: "bg-amber-100 text-amber-900" },
  fail: { mark: "✗", tone: "bg-red-100 text-red-900" },
  skip: { mark: "–", tone: "bg-slate-100 text-slate-800" },
};

/** The doctor's checks, each with what it found and, unless it passed, what to do. */
export function CheckList({ reports }: { reports: CheckReport[] }) {
  const t = useTranslations("staff.setup");
  return (
    <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white">
      {reports.map((r) => {
        const look = LOOK[r.status];
        return (
          <li key={r.id} className="flex gap-3 p-3">
            <span
              className={`mt-0.5 inline-block h-fit whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ${look.tone}`}
            >
              <span aria-hidden="true">{look.mark} </span>
              {t(`status.${r.status}`)}
            </span>
            <div className="min-w-0 space-y-1">
              <h3 id={`check-${r.id}`} className="font-medium">
                {r.title}
              </h3>
              <p className="text-sm break-words text-slate-700">{r.detail}</p>
              {r.fix && r.status !== "pass" ? (
                <p className="text-sm text-slate-900">
                  <span className="font-medium">{t("whatToDo")}</span>
                  {r.fix}
                </p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
