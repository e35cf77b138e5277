import Link from "next/link";
import type { AdminSubscriptionPage } from "@/lib/data/admin-subscriptions";
import type { ListQuery } from "@/lib/data/admin-subscriptions-params";
import { listHref } from "./list-href";

const linkClass = "rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";
const offClass = "rounded border border-slate-200 px-3 py-1.5 text-slate-400";

/** Previous / next by cursor (links, so they work without JavaScript). Keyset pages have no numbers. */
export function ListPager({ query, page }: { query: ListQuery; page: AdminSubscriptionPage }) {
  if (!page.prev && !page.next) return null;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-2 text-sm">
      {page.prev ? (
        <>
          <Link href={listHref(query)} className={linkClass}>First page</Link>
          <Link href={listHref(query, { before: page.prev, after: undefined })} rel="prev" className={linkClass}>← Previous</Link>
        </>
      ) : (
        <span className={offClass} aria-disabled="true">← Previous</span>
      )}
      {page.next ? (
        <Link href={listHref(query, { after: page.next, before: undefined })} rel="next" className={linkClass}>Next →</Link>
      ) : (
        <span className={offClass} aria-disabled="true">Next →</span>
      )}
    </nav>
  );
}
