import Link from "next/link";
import { useTranslations } from "next-intl";
import { inboxList, INBOX_STATUSES, type InboxState } from "@/lib/admin-list/webhook-inbox";
import type { DeliveryStatus } from "@/lib/data/deliveries";

/** One link per status (and 'Needs attention'), with its count; the subscription filter is kept, the page is not. */
export function StatusFilter({
  state,
  counts,
  flagged,
}: {
  state: InboxState;
  counts: Partial<Record<DeliveryStatus, number>>;
  flagged: number;
}) {
  const t = useTranslations("staff.webhooks.statusFilter");
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const filters = [
    { label: t("all"), status: undefined, attention: false, count: total },
    ...INBOX_STATUSES.map((s) => ({ label: s, status: s, attention: false, count: counts[s] ?? 0 })),
    { label: t("needsAttention"), status: undefined, attention: true, count: flagged },
  ];
  return (
    <nav aria-label={t("label")}>
      <ul className="flex flex-wrap gap-1 text-sm">
        {filters.map((f) => {
          const current = state.status === f.status && state.attention === f.attention;
          return (
            <li key={f.label}>
              <Link
                href={inboxList.hrefFor(state, { status: f.status, attention: f.attention })}
                aria-current={current ? "page" : undefined}
                className={`inline-block rounded-full border px-3 py-1 ${current ? "border-brand-700 bg-brand-50 font-medium" : "border-slate-300 hover:bg-slate-100"}`}
              >
                {f.label} <span className="text-slate-600">({f.count})</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
