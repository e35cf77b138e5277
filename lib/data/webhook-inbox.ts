import "server-only";
import { getDb } from "@/lib/db";
import type { AttemptRecord, DeliveryRecord, DeliveryStatus } from "./deliveries";

/** The admin view of the webhook inbox: deliveries newest first, each with its latest attempts. */

export type InboxItem = Omit<DeliveryRecord, "payload"> & { attemptLog: AttemptRecord[] };
export type InboxPage = { items: InboxItem[]; nextCursor: string | undefined };

const ATTEMPTS_SHOWN = 20;

export type InboxFilters = {
  status?: DeliveryStatus;
  /** Only deliveries flagged for an operator (an action or status Microsoft has not documented). */
  attention?: boolean;
  subscriptionId?: string;
};

const whereOf = (f: InboxFilters) => ({
  status: f.status,
  subscriptionId: f.subscriptionId,
  ...(f.attention ? { attention: { not: null } } : {}),
});

export async function listInbox(options: InboxFilters & { cursor?: string; limit?: number } = {}): Promise<InboxPage> {
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 200);
  const rows = await getDb().webhookDelivery.findMany({
    where: whereOf(options),
    orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
    take: limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    // The payload stays out of the list: it can be large, and the page shows what was done with it.
    omit: { payload: true },
    include: { attemptLog: { orderBy: [{ at: "desc" }, { id: "desc" }], take: ATTEMPTS_SHOWN } },
  });
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: page.map((d) => ({ ...d, attemptLog: d.attemptLog.map((a) => ({ ...a, id: a.id.toString() })) })),
    nextCursor: hasMore ? page[page.length - 1]?.id : undefined,
  };
}

/** How many deliveries match, counted up to `cap` only (as the subscription list counts: a count is paid on every view). */
export async function countInbox(filters: InboxFilters, cap = 1_000): Promise<{ count: number; capped: boolean }> {
  const n = await getDb().webhookDelivery.count({ where: whereOf(filters), take: cap + 1 });
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}

export async function countDeliveriesByStatus(): Promise<Partial<Record<DeliveryStatus, number>>> {
  const rows = await getDb().webhookDelivery.groupBy({
    by: ["status"],
    _count: { _all: true },
    orderBy: { status: "asc" },
  });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

/** Deliveries flagged for an operator's attention (webhook inbox filter). */
export function countNeedingAttention(): Promise<number> {
  return getDb().webhookDelivery.count({ where: { attention: { not: null } } });
}
