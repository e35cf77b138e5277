import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { staffPageUser } from "@/lib/auth/session";
import { exportHref, isFiltered, LIST_PATH, subscriptionList } from "@/lib/admin-list/subscriptions";
import { readListState } from "@/lib/admin-list/page-state";
import { findAdminSubscriptions, listFilterOptions } from "@/lib/data/admin-subscriptions";
import type { RawSearchParams } from "@/lib/http/query";
import { ListCount } from "../_components/list/list-count";
import { ListNotices } from "../_components/list/list-notices";
import { ListPager } from "../_components/list/list-pager";
import { ListTable } from "../_components/list/list-table";
import { NoAccess } from "../_components/no-access";
import { subscriptionColumns, subscriptionsCaption } from "./_components/subscription-columns";
import { SubscriptionFilters } from "./_components/subscription-filters";
import { SubscriptionsEmpty } from "./_components/subscriptions-empty";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff.subscriptions"))("title") };
}

type Props = { searchParams: Promise<RawSearchParams> };

export default async function SubscriptionsPage({ searchParams }: Props) {
  if (!(await staffPageUser("viewer", LIST_PATH))) return <NoAccess role="viewer" />;
  const { state: query, notices } = await readListState(subscriptionList, searchParams);
  const [result, offers] = await Promise.all([findAdminSubscriptions(query), listFilterOptions()]);
  const filtered = isFiltered(query);
  const t = await getTranslations("staff.subscriptions");
  const href = subscriptionList.hrefFor;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <ListNotices notices={notices} />
      <SubscriptionFilters query={query} offers={offers} t={t} />
      <ListCount matches={result.matches} filtered={filtered} noun={{ one: "subscription", many: "subscriptions" }}>
        {result.matches.count > 0 ? (
          <a
            href={exportHref(query)}
            className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
          >
            {t(filtered ? "exportThese" : "exportAll")}
          </a>
        ) : null}
      </ListCount>
      <ListTable
        caption={subscriptionsCaption(query, t)}
        columns={subscriptionColumns(query, t)}
        rows={result.rows}
        rowKey={(r) => r.id}
        empty={<SubscriptionsEmpty query={query} filtered={filtered} />}
      />
      <ListPager
        first={result.prev && href(query)}
        prev={result.prev && href(query, { before: result.prev, after: undefined })}
        next={result.next && href(query, { after: result.next, before: undefined })}
      />
    </div>
  );
}
