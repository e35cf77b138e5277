/**
 * What the admin subscription list's queries take: search terms, filters, sort, page size and a keyset
 * cursor. How this travels in the URL (and is validated there) is lib/admin-list/subscriptions.ts.
 */

export const SUBSCRIPTION_STATUSES = [
  "PendingFulfillmentStart",
  "Subscribed",
  "Suspended",
  "Unsubscribed",
  "NotStarted",
] as const;
export type ListStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const SORT_KEYS = ["purchased", "created", "name", "status", "seats"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";
export type YesNo = "yes" | "no";

export type ListQuery = {
  /** Lower-cased search terms (every term must match). */
  terms: string[];
  status?: ListStatus;
  offerId?: string;
  /** Always with its offer: plan ids are unique per offer only. */
  plan?: { offerId: string; planId: string };
  test?: YesNo;
  trial?: YesNo;
  csp?: YesNo;
  activation?: "activated" | "pending";
  /** Gated purchases the ISV has not provisioned yet (asked, or answered failed), not activated. */
  provisioning?: "awaiting";
  sort: SortKey;
  dir: SortDir;
  size: number;
  after?: Cursor;
  before?: Cursor;
};

/** A position in one sort order: the sort value of a row (null for unknown dates or seats) and its id. */
export type Cursor = { sort: SortKey; dir: SortDir; value: string | number | null; id: string };
