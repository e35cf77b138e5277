import type { SortKey } from "@/lib/data/admin-subscriptions-params";

export const STATUS_LABELS: Record<string, string> = {
  PendingFulfillmentStart: "Pending activation",
  Subscribed: "Subscribed",
  Suspended: "Suspended",
  Unsubscribed: "Unsubscribed",
  NotStarted: "Not started",
};

export const SORT_LABELS: Record<SortKey, { label: string; asc: string; desc: string }> = {
  purchased: { label: "purchase date", asc: "oldest first", desc: "newest first" },
  created: { label: "date first seen", asc: "oldest first", desc: "newest first" },
  name: { label: "name", asc: "A to Z", desc: "Z to A" },
  status: { label: "status", asc: "in lifecycle order", desc: "in reverse lifecycle order" },
  seats: { label: "seats", asc: "fewest first", desc: "most first" },
};
