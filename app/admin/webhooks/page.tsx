import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
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
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff.webhooks"))("title") };
}

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
  const t = await getTranslations("staff.webhooks");
  const { staff } = await getMessages();

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-700">{t.rich("intro", { strong: (c) => <strong>{c}</strong> })}</p>
      <QueueHealth queue={queue} />
      <ListNotices notices={notices} />
      <StatusFilter state={state} counts={counts} flagged={flagged} />
      <ListFilters
        action={INBOX_PATH}
        label={t("filterLabel")}
        keep={{ status: state.status, attention: state.attention ? "1" : undefined }}
      >
        <div className="flex flex-wrap items-end gap-3">
          <FilterText name="subscription" label={t("subscriptionId")} value={state.subscription} maxLength={100} />
          <FilterButtons submit={t("show")} />
        </div>
      </ListFilters>
      <ListCount
        matches={matches}
        filtered={!!(state.status || state.attention || state.subscription)}
        noun={{ one: t("noun.one"), many: t("noun.many") }}
      />
      {/* The re-run buttons are client components: they get the inbox's re-run strings only. */}
      <NextIntlClientProvider messages={{ staff: { webhooks: { rerun: staff.webhooks.rerun } } }}>
        <ListTable
          caption={t("caption")}
          columns={inboxColumns(canRerun, t)}
          rows={page.items}
          rowKey={(d) => d.id}
          rowData={(d) => ({ "data-operation-id": d.operationId })}
          empty={<p>{t("empty", { status: state.status ?? "none", attention: state.attention ? "yes" : "no" })}</p>}
        />
      </NextIntlClientProvider>
      <ListPager
        backwards={false}
        labels={{ first: t("newest"), next: t("older") }}
        first={state.cursor ? inboxList.hrefFor(state) : undefined}
        next={page.nextCursor ? inboxList.hrefFor(state, { cursor: page.nextCursor }) : undefined}
      />
    </div>
  );
}
