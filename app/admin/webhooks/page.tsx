import type { Metadata } from "next";
import { hasRole } from "@/lib/auth/roles";
import { staffPageUser } from "@/lib/auth/session";
import { readListState } from "@/lib/admin-list/page-state";
import { INBOX_PATH, inboxList } from "@/lib/admin-list/webhook-inbox";
import { countDeliveriesByStatus, countInbox, countNeedingAttention, listInbox } from "@/lib/data/webhook-inbox";
import { webhookQueueSummary } from "@/lib/data/webhook-queue";
import type { RawSearchParams } from "@/lib/http/query";
import { FilterButtons, FilterText, ListFilters } from "../_components/list/list-filters";
import { ListCount } from "../_components/list/list-count";
import { ListNotices } from "../_components/list/list-notices";
import { ListPager } from "../_components/list/list-pager";
import { ListTable } from "../_components/list/list-table";
import { NoAccess } from "../_components/no-access";
import { inboxColumns } from "./_components/inbox-columns";
import { QueueHealth } from "./_components/queue-health";
import { StatusFilter } from "./_components/status-filter";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhook inbox" };

type Props = { searchParams: Promise<RawSearchParams> };

export default async function WebhookInboxPage({ searchParams }: Props) {
  const user = await staffPageUser("viewer", INBOX_PATH);
  if (!user) return <NoAccess role="viewer" />;
  const { state, notices } = await readListState(inboxList, searchParams);
  const filters = { status: state.status, attention: state.attention, subscriptionId: state.subscription };
  const [page, matches, counts, flagged, queue] = await Promise.all([
    listInbox({ ...filters, cursor: state.cursor }),
    countInbox(filters),
    countDeliveriesByStatus(),
    countNeedingAttention(),
    webhookQueueSummary(),
  ]);
  const canRerun = hasRole(user.roles, "owner");

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Webhook inbox</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Every notification Microsoft sent to the webhook, once per operation however often it was delivered. Microsoft
        gets its answer once a delivery is stored; a worker then confirms it with Microsoft and applies it.{" "}
        <strong>Queued</strong>: waiting for a worker, or for its next attempt; <strong>Running</strong>: being applied.{" "}
        <strong>Pending</strong>: the portal&apos;s answer reached Microsoft, but Microsoft&apos;s subscription did not
        show the change yet; the portal reads it again for about a minute (reconciliation repairs it after a restart).{" "}
        <strong>Failed</strong>: Microsoft or the database could not be reached for hours, and the queue gave up
        retrying. <strong>Refused</strong>: it did not match what Microsoft&apos;s Operations API says, so nothing was
        applied. Owners can re-run all three. <strong>Needs attention</strong>: Microsoft sent an action or a status it
        has not documented; it was acknowledged, and an operator should check what it means.
      </p>
      <QueueHealth queue={queue} />
      <ListNotices notices={notices} />
      <StatusFilter state={state} counts={counts} flagged={flagged} />
      <ListFilters
        action={INBOX_PATH}
        label="Filter deliveries by subscription"
        keep={{ status: state.status, attention: state.attention ? "1" : undefined }}
      >
        <div className="flex flex-wrap items-end gap-3">
          <FilterText name="subscription" label="Subscription id" value={state.subscription} maxLength={100} />
          <FilterButtons submit="Show" />
        </div>
      </ListFilters>
      <ListCount
        matches={matches}
        filtered={!!(state.status || state.attention || state.subscription)}
        noun={{ one: "delivery", many: "deliveries" }}
      />
      <ListTable
        caption="Webhook deliveries, newest first"
        columns={inboxColumns(canRerun)}
        rows={page.items}
        rowKey={(d) => d.id}
        rowData={(d) => ({ "data-operation-id": d.operationId })}
        empty={
          <p>
            No deliveries{state.status ? ` with status ${state.status}` : ""}
            {state.attention ? " needing attention" : ""}.
          </p>
        }
      />
      <ListPager
        backwards={false}
        labels={{ first: "Newest", next: "Older" }}
        first={state.cursor ? inboxList.hrefFor(state) : undefined}
        next={page.nextCursor ? inboxList.hrefFor(state, { cursor: page.nextCursor }) : undefined}
      />
    </div>
  );
}
