import Link from "next/link";
import { useTranslations } from "next-intl";
import type { Column } from "@/app/admin/_components/list/list-table";
import { StatusBadge } from "@/app/admin/_components/status-badge";
import type { InboxItem } from "@/lib/data/webhook-inbox";
import { RERUNNABLE } from "@/lib/webhooks/rerun";
import { AttemptList } from "./attempt-list";
import { RerunButton } from "./rerun-button";
import type { WebhooksT } from "./webhooks-t";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19) + " UTC";

function Outcome({ d, canRerun }: { d: InboxItem; canRerun: boolean }) {
  const t = useTranslations("staff.webhooks.columns");
  return (
    <>
      {d.attention ? (
        <p className="mb-1 rounded border border-amber-300 bg-amber-50 p-1.5 text-amber-950">
          <strong>{t("needsAttention")}</strong> {d.attention}
        </p>
      ) : null}
      <p className="text-slate-700">
        {d.outcome ?? (d.status === "Running" ? t("beingApplied") : t("waitingForWorker"))}
      </p>
      <AttemptList attempts={d.attemptLog} total={d.attempts} />
      {canRerun && RERUNNABLE.includes(d.status) ? (
        <div className="mt-2">
          <RerunButton deliveryId={d.id} operationId={d.operationId} />
        </div>
      ) : null}
    </>
  );
}

/** The inbox's columns (newest first, no other order); `canRerun`: owners get a re-run button on the deliveries that allow one. */
export function inboxColumns(canRerun: boolean, t: WebhooksT): Column<InboxItem>[] {
  return [
    {
      key: "received",
      header: t("columns.received"),
      className: "whitespace-nowrap p-2",
      cell: (d) => <time dateTime={d.receivedAt.toISOString()}>{when(d.receivedAt)}</time>,
    },
    {
      key: "action",
      header: t("columns.action"),
      cell: (d) => (
        <>
          <span className="font-medium">{d.action}</span>
          <br />
          <span className="text-xs text-slate-500">{t("columns.operation", { id: d.operationId })}</span>
        </>
      ),
    },
    {
      key: "subscription",
      header: t("columns.subscription"),
      className: "p-2 text-xs",
      cell: (d) =>
        d.subscriptionId ? (
          <Link href={`/admin/subscriptions/${d.subscriptionId}`} className="underline underline-offset-2">
            {d.subscriptionId}
          </Link>
        ) : (
          "—"
        ),
    },
    { key: "status", header: t("columns.status"), cell: (d) => <StatusBadge status={d.status} /> },
    { key: "outcome", header: t("columns.outcome"), cell: (d) => <Outcome d={d} canRerun={canRerun} /> },
  ];
}
