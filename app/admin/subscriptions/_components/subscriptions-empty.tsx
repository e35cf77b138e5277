import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LIST_PATH, subscriptionList } from "@/lib/admin-list/subscriptions";
import type { ListQuery } from "@/lib/data/admin-subscriptions-params";

/** What an empty page says: a page link gone stale, a search that finds nothing, or no subscriptions at all. */
export async function SubscriptionsEmpty({ query, filtered }: { query: ListQuery; filtered: boolean }) {
  const t = await getTranslations("staff.subscriptions.empty");
  if (query.after || query.before) {
    return (
      <p>
        {t("stale")}{" "}
        <Link href={subscriptionList.hrefFor(query)} className="underline underline-offset-2">
          {t("firstPage")}
        </Link>
      </p>
    );
  }
  if (filtered) {
    return (
      <>
        <p className="font-medium">{t("noMatch")}</p>
        <p className="mt-1 text-slate-600">
          {t.rich("noMatchHow", {
            clear: (chunks) => (
              <Link href={LIST_PATH} className="underline underline-offset-2">
                {chunks}
              </Link>
            ),
          })}
        </p>
      </>
    );
  }
  return (
    <>
      <p className="font-medium">{t("none")}</p>
      <p className="mt-1 text-slate-600">{t("noneText")}</p>
    </>
  );
}
