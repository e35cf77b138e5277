import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb, type Db } from "@/lib/db";
import { SUBSCRIPTION_STATUSES, type ListStatus } from "./admin-subscriptions-params";
import { TEST_CONDITION } from "./admin-subscriptions";
import { estimateRevenue, type RevenueEstimate, type SubscriptionGroup } from "./kpis-revenue";

/**
 * The admin overview's figures. Counting every subscription on each visit took a third of a second at
 * 100 000 subscriptions, so triggers on "Subscription" keep them current instead (migration
 * overview_tallies): counts and seats by status and plan, purchases per day, and one narrow row per
 * activation and per pending purchase. The page reads a few hundred small rows, and the figures are exact:
 * kpis-tallies.int.test.ts compares them with a full count after every kind of write. Test purchases
 * (TEST_CONDITION, the tallies' `test`) are left out unless asked for, so that figures describe real customers.
 */

export type OverviewOptions = { includeTest: boolean; now?: Date };

export type Overview = {
  total: number;
  byStatus: { status: ListStatus; count: number }[];
  /** The last PURCHASE_DAYS UTC days, oldest first, today included; days without purchases count 0. */
  purchasesPerDay: { day: string; count: number }[];
  /** Purchase → activation in the portal, for purchases of the last ACTIVATION_DAYS days. */
  activation: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  /** Purchases Microsoft still waits to see activated, by age. */
  pending: { total: number; oldestSeconds: number | null; buckets: { label: string; count: number }[] };
  revenue: RevenueEstimate;
};

export const PURCHASE_DAYS = 30;
export const ACTIVATION_DAYS = 90;
const DAY_MS = 86_400_000;

/** Age buckets of pending purchases (upper bounds; the last one is open). */
export const PENDING_BUCKETS: { label: string; upToHours: number | null }[] = [
  { label: "Under 1 hour", upToHours: 1 },
  { label: "1–24 hours", upToHours: 24 },
  { label: "1–3 days", upToHours: 72 },
  { label: "3–7 days", upToHours: 168 },
  { label: "7–30 days", upToHours: 720 },
  { label: "Over 30 days", upToHours: null },
];

const at = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
/** Rows of "Subscription" in scope, and rows of the tallies (whose `test` is TEST_CONDITION, kept by the triggers). */
const scope = (o: OverviewOptions) => (o.includeTest ? Prisma.sql`TRUE` : Prisma.sql`NOT ${TEST_CONDITION}`);
const tallyScope = (o: OverviewOptions) => (o.includeTest ? Prisma.sql`TRUE` : Prisma.sql`NOT "test"`);

/**
 * Subscriptions grouped by status, plan, term and trial (a few dozen rows): the counts by status and, from
 * the active groups, the revenue estimate and seat totals. The tally holds a row per group and shard.
 */
async function subscriptionGroups(o: OverviewOptions, db: Db) {
  return db.$queryRaw<(SubscriptionGroup & { status: ListStatus })[]>`
    SELECT "status"::text AS status, "offerId", "planId", NULLIF("termUnit", '') AS "termUnit", "isFreeTrial", sum("subscriptions")::int AS subscriptions, sum("seats")::float8 AS seats
    FROM "SubscriptionTally" WHERE ${tallyScope(o)} GROUP BY 1, 2, 3, 4, 5 HAVING sum("subscriptions") > 0`;
}

function countByStatus(groups: { status: ListStatus; subscriptions: number }[]): Overview["byStatus"] {
  const counts = new Map<ListStatus, number>();
  for (const g of groups) counts.set(g.status, (counts.get(g.status) ?? 0) + g.subscriptions);
  // NotStarted only exists in Microsoft's OpenAPI file: shown only when some subscription has it.
  return SUBSCRIPTION_STATUSES.filter((s) => s !== "NotStarted" || counts.has(s)).map((status) => ({
    status,
    count: counts.get(status) ?? 0,
  }));
}

export async function purchasesPerDay(o: OverviewOptions, db: Db = getDb()): Promise<Overview["purchasesPerDay"]> {
  const now = o.now ?? new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (PURCHASE_DAYS - 1) * DAY_MS);
  const tomorrow = new Date(today + DAY_MS);
  // Whole days from the tally, less today's purchases made after `now` (normally none: a clock ahead of ours).
  const rows = await db.$queryRaw<{ day: string; n: number }[]>`
    SELECT to_char("day", 'YYYY-MM-DD') AS day, sum(n)::int AS n FROM (
      SELECT "day", "purchases" AS n FROM "PurchaseTally" WHERE "day" >= ${at(since)}::date AND "day" <= ${at(now)}::date AND ${tallyScope(o)}
      UNION ALL
      SELECT "purchasedAt"::date, -count(*) FROM "Subscription" WHERE "purchasedAt" > ${at(now)} AND "purchasedAt" < ${at(tomorrow)} AND ${scope(o)} GROUP BY 1) t
    GROUP BY 1`;
  const counts = new Map(rows.map((r) => [r.day, r.n]));
  return Array.from({ length: PURCHASE_DAYS }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
}

export async function activationTimes(o: OverviewOptions, db: Db = getDb()): Promise<Overview["activation"]> {
  const now = o.now ?? new Date();
  const since = new Date(now.getTime() - ACTIVATION_DAYS * DAY_MS);
  const [row] = await db.$queryRaw<{ n: number; p50: number | null; p90: number | null }[]>`
    SELECT count(*)::int AS n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "seconds") AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY "seconds") AS p90
    FROM "SubscriptionActivation" WHERE "purchasedAt" >= ${at(since)} AND ${tallyScope(o)}`;
  return { count: row?.n ?? 0, medianSeconds: row?.p50 ?? null, p90Seconds: row?.p90 ?? null };
}

export async function pendingAges(o: OverviewOptions, db: Db = getDb()): Promise<Overview["pending"]> {
  const now = at(o.now ?? new Date());
  const filters = PENDING_BUCKETS.map((b, i) => {
    const lower = i === 0 ? null : PENDING_BUCKETS[i - 1]!.upToHours;
    const conds = [
      lower === null ? null : Prisma.sql`age >= ${lower} * interval '1 hour'`,
      b.upToHours === null ? null : Prisma.sql`age < ${b.upToHours} * interval '1 hour'`,
    ].filter((c): c is Prisma.Sql => c !== null);
    return Prisma.sql`count(*) FILTER (WHERE ${Prisma.join(conds, " AND ")})::int`;
  });
  const [row] = await db.$queryRaw<{ total: number; oldest: number | null; buckets: number[] }[]>`
    SELECT count(*)::int AS total, extract(epoch FROM max(age))::float8 AS oldest, ARRAY[${Prisma.join(filters)}] AS buckets
    FROM (SELECT ${now} - "since" AS age FROM "PendingPurchase" WHERE ${tallyScope(o)}) t`;
  return {
    total: row?.total ?? 0,
    oldestSeconds: row?.total ? (row.oldest ?? null) : null,
    buckets: PENDING_BUCKETS.map((b, i) => ({ label: b.label, count: row?.buckets[i] ?? 0 })),
  };
}

export async function getOverview(o: OverviewOptions, db: Db = getDb()): Promise<Overview> {
  const [groups, plans, perDay, activation, pending] = await Promise.all([
    subscriptionGroups(o, db),
    db.plan.findMany({
      select: { offerId: true, planId: true, displayName: true, isPricePerSeat: true, prices: true },
    }),
    purchasesPerDay(o, db),
    activationTimes(o, db),
    pendingAges(o, db),
  ]);
  const byStatus = countByStatus(groups);
  // Revenue and seats count active subscriptions only: Microsoft bills neither pending nor suspended ones.
  const revenue = estimateRevenue(
    groups.filter((g) => g.status === "Subscribed"),
    plans,
  );
  return {
    total: byStatus.reduce((s, r) => s + r.count, 0),
    byStatus,
    purchasesPerDay: perDay,
    activation,
    pending,
    revenue,
  };
}

/** The overview's parts, each on its own (bench/lib/explain-kpis.ts times them). */
export const OVERVIEW_PARTS: Record<string, (o: OverviewOptions, db: Db) => Promise<unknown>> = {
  groups: subscriptionGroups,
  plans: (_o, db) =>
    db.plan.findMany({
      select: { offerId: true, planId: true, displayName: true, isPricePerSeat: true, prices: true },
    }),
  purchasesPerDay,
  activationTimes,
  pendingAges,
};
