import Link from "next/link";
import { LIST_PATH, subscriptionList } from "@/lib/admin-list/subscriptions";
import type { ListQuery } from "@/lib/data/admin-subscriptions-params";

/** What an empty page says: a page link gone stale, a search that finds nothing, or no subscriptions at all. */
export function SubscriptionsEmpty({ query, filtered }: { query: ListQuery; filtered: boolean }) {
  if (query.after || query.before) {
    return (
      <p>
        Nothing more on this side: the rows may have changed since the link was made.{" "}
        <Link href={subscriptionList.hrefFor(query)} className="underline underline-offset-2">
          Back to the first page
        </Link>
      </p>
    );
  }
  if (filtered) {
    return (
      <>
        <p className="font-medium">No subscription matches this search and these filters.</p>
        <p className="mt-1 text-slate-600">
          Check the spelling, search for part of an e-mail or id, or{" "}
          <Link href={LIST_PATH} className="underline underline-offset-2">
            clear the filters
          </Link>
          .
        </p>
      </>
    );
  }
  return (
    <>
      <p className="font-medium">No subscriptions yet.</p>
      <p className="mt-1 text-slate-600">
        A subscription appears here as soon as Microsoft tells the portal about a purchase: when the buyer opens the
        landing page, or through the webhook.
      </p>
    </>
  );
}
