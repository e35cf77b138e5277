import { DEFAULT_SIZE, listQueryParams, type ListQuery } from "@/lib/data/admin-subscriptions-params";

export const LIST_PATH = "/admin/subscriptions";
export const EXPORT_PATH = "/admin/subscriptions/export";

/** A link to the list with `change` applied. A change of filter or sort starts again from the first page. */
export function listHref(query: ListQuery, change: Partial<ListQuery> = {}, path = LIST_PATH): string {
  const paging = "after" in change || "before" in change ? {} : { after: undefined, before: undefined };
  const params = listQueryParams(query, { ...paging, ...change }).toString();
  return params ? `${path}?${params}` : path;
}

/** The CSV export of the whole filtered list, in the list's order (no page cursor, no page size). */
export function exportHref(query: ListQuery): string {
  return listHref(query, { after: undefined, before: undefined, size: DEFAULT_SIZE }, EXPORT_PATH);
}

export const STATUS_LABELS: Record<string, string> = {
  PendingFulfillmentStart: "Pending activation",
  Subscribed: "Subscribed",
  Suspended: "Suspended",
  Unsubscribed: "Unsubscribed",
  NotStarted: "Not started",
};

export const SORT_LABELS: Record<ListQuery["sort"], { label: string; asc: string; desc: string }> = {
  purchased: { label: "purchase date", asc: "oldest first", desc: "newest first" },
  created: { label: "date first seen", asc: "oldest first", desc: "newest first" },
  name: { label: "name", asc: "A to Z", desc: "Z to A" },
  status: { label: "status", asc: "in lifecycle order", desc: "in reverse lifecycle order" },
  seats: { label: "seats", asc: "fewest first", desc: "most first" },
};
