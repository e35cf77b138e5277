import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb, type Db } from "@/lib/db";
import { filterSql } from "./admin-subscription-filters";
import type { Cursor, ListQuery, ListStatus, SortDir, SortKey } from "./admin-subscriptions-params";

export { isAwaitingProvisioning, isCsp, isTestPurchase, TEST_CONDITION } from "./admin-subscription-filters";

/**
 * The admin subscription list at scale: server-side search, filters, sort and keyset paging, in SQL.
 * Keyset ("after this row"), never OFFSET: page 2 000 costs what page 1 costs, and rows inserted while an
 * admin pages do not shift what they see. Every sort ends with the id, so ties never repeat or skip a row.
 */

export type AdminSubscriptionRow = {
  id: string;
  name: string;
  status: ListStatus;
  offerId: string;
  planId: string;
  quantity: number | null;
  purchaserEmail: string | null;
  purchaserTenantId: string | null;
  beneficiaryEmail: string | null;
  beneficiaryTenantId: string | null;
  isTest: boolean;
  isFreeTrial: boolean;
  sandboxType: string;
  sessionMode: string;
  termUnit: string | null;
  termStartDate: Date | null;
  termEndDate: Date | null;
  autoRenew: boolean;
  purchasedAt: Date | null;
  activatedAt: Date | null;
  createdAt: Date;
  provisioningStatus: "Requested" | "Provisioned" | "Failed" | null;
  provisioningRequestedAt: Date | null;
};

export type AdminSubscriptionPage = { rows: AdminSubscriptionRow[]; next?: Cursor; prev?: Cursor };

const COLUMNS = Prisma.raw(
  [
    "id",
    "name",
    "status",
    "offerId",
    "planId",
    "quantity",
    "purchaserEmail",
    "purchaserTenantId",
    "beneficiaryEmail",
    "beneficiaryTenantId",
    "isTest",
    "isFreeTrial",
    "sandboxType",
    "sessionMode",
    "termUnit",
    "termStartDate",
    "termEndDate",
    "autoRenew",
    "purchasedAt",
    "activatedAt",
    "createdAt",
    "provisioningStatus",
    "provisioningRequestedAt",
  ]
    .map((c) => `"${c}"`)
    .join(", "),
);

/**
 * What a sort reads. `tieFlip`: the id runs against the sort column, matching the older
 * (purchasedAt DESC, id) and (createdAt DESC, id) indexes so that no second index is needed.
 */
type SortSpec = { column: string; nullable: boolean; tieFlip: boolean; param: (v: string | number) => Prisma.Sql };
const asTimestamp = (v: string | number) => Prisma.sql`(${String(v)}::timestamptz AT TIME ZONE 'UTC')`;
const SORTS: Record<SortKey, SortSpec> = {
  purchased: { column: "purchasedAt", nullable: true, tieFlip: true, param: asTimestamp },
  created: { column: "createdAt", nullable: false, tieFlip: true, param: asTimestamp },
  name: { column: "name", nullable: false, tieFlip: false, param: (v) => Prisma.sql`${String(v)}` },
  status: {
    column: "status",
    nullable: false,
    tieFlip: false,
    param: (v) => Prisma.sql`${String(v)}::"SubscriptionStatus"`,
  },
  seats: { column: "quantity", nullable: true, tieFlip: false, param: (v) => Prisma.sql`${Number(v)}::int` },
};

const flip = (d: SortDir): SortDir => (d === "asc" ? "desc" : "asc");
const dirSql = (d: SortDir) => Prisma.raw(d === "asc" ? "ASC" : "DESC");
const cmpSql = (d: SortDir) => Prisma.raw(d === "asc" ? ">" : "<");

type Segment = "values" | "nulls";

/**
 * One contiguous part of the order: the rows with a sort value, or (nullable sorts) those without, which
 * the list always shows last. Each part is its own query so that each is one ordered index range scan;
 * `from` continues strictly after a row of that part.
 */
async function readSegment(
  db: Db,
  where: Prisma.Sql,
  spec: SortSpec,
  segment: Segment,
  dir: SortDir,
  from: Cursor | undefined,
  limit: number,
  few: boolean,
): Promise<AdminSubscriptionRow[]> {
  const col = Prisma.raw(`"${spec.column}"`);
  const idDir = spec.tieFlip ? flip(dir) : dir;
  const conds: Prisma.Sql[] = [where];
  let order: Prisma.Sql;
  if (segment === "nulls") {
    conds.push(Prisma.sql`${col} IS NULL`);
    if (from) conds.push(Prisma.sql`"id" ${cmpSql(idDir)} ${from.id}`);
    order = Prisma.sql`"id" ${dirSql(idDir)}`;
  } else {
    if (spec.nullable) conds.push(Prisma.sql`${col} IS NOT NULL`);
    if (from && from.value !== null) {
      const v = spec.param(from.value);
      // The first condition bounds the index range; the second settles ties on the id.
      conds.push(
        Prisma.sql`${col} ${cmpSql(dir)}= ${v} AND (${col} ${cmpSql(dir)} ${v} OR "id" ${cmpSql(idDir)} ${from.id})`,
      );
    }
    order = Prisma.sql`${col} ${dirSql(dir)}, "id" ${dirSql(idDir)}`;
  }
  const all = Prisma.join(conds, " AND ");
  if (few) {
    // Few rows match: collect them through the filters' own indexes (the trigram index for a search),
    // then sort. Left to itself the planner may walk the sort index hoping to meet matches early, and
    // read every row when they are rare or all at the far end (a known LIKE-selectivity blind spot).
    return db.$queryRaw<
      AdminSubscriptionRow[]
    >`WITH m AS MATERIALIZED (SELECT ${COLUMNS} FROM "Subscription" WHERE ${all}) SELECT * FROM m ORDER BY ${order} LIMIT ${limit}`;
  }
  return db.$queryRaw<
    AdminSubscriptionRow[]
  >`SELECT ${COLUMNS} FROM "Subscription" WHERE ${all} ORDER BY ${order} LIMIT ${limit}`;
}

/** Reads up to `limit` rows in `dir` starting strictly after `from`, crossing from one segment into the next. */
async function readOrdered(
  db: Db,
  where: Prisma.Sql,
  sort: SortKey,
  dir: SortDir,
  nullsFirst: boolean,
  from: Cursor | undefined,
  limit: number,
  few: boolean,
) {
  const spec = SORTS[sort];
  const segments: Segment[] = !spec.nullable ? ["values"] : nullsFirst ? ["nulls", "values"] : ["values", "nulls"];
  const fromSegment: Segment | undefined = from ? (from.value === null ? "nulls" : "values") : undefined;
  let started = !fromSegment;
  const rows: AdminSubscriptionRow[] = [];
  for (const segment of segments) {
    if (!started && segment !== fromSegment) continue;
    const cursor = started ? undefined : from;
    started = true;
    rows.push(...(await readSegment(db, where, spec, segment, dir, cursor, limit - rows.length, few)));
    if (rows.length >= limit) break;
  }
  return rows;
}

export function cursorOf(row: AdminSubscriptionRow, sort: SortKey, dir: SortDir): Cursor {
  const raw = row[SORTS[sort].column as keyof AdminSubscriptionRow];
  const value =
    raw instanceof Date ? raw.toISOString() : typeof raw === "number" || typeof raw === "string" ? raw : null;
  return { sort, dir, value, id: row.id };
}

/**
 * Counts stop here, and the page says "more than": an exact count of a broad search would read every
 * matching row, and the count is paid on every page view. At or below it, the count is exact and also
 * small enough for a page to be read by collecting the matches first (see readSegment).
 */
export const COUNT_CAP = 1_000;
export const FEW_MATCHES = COUNT_CAP;

export type MatchCount = { count: number; capped: boolean };

/**
 * One page of the list for `query` (its search, filters, sort, size and after/before cursor). `matches`,
 * when the caller counted them, picks how the page is read.
 */
export async function listAdminSubscriptions(
  query: ListQuery,
  db: Db = getDb(),
  matches?: MatchCount,
): Promise<AdminSubscriptionPage> {
  const where = filterSql(query);
  const { sort, dir, size } = query;
  const few = !!matches && !matches.capped && matches.count <= FEW_MATCHES;
  if (query.before) {
    // Backwards: read the reversed order from the cursor, then turn the rows round.
    const rows = await readOrdered(db, where, sort, flip(dir), true, query.before, size + 1, few);
    const hasPrev = rows.length > size;
    const page = rows.slice(0, size).reverse();
    return withCursors(page, sort, dir, hasPrev, true);
  }
  const rows = await readOrdered(db, where, sort, dir, false, query.after, size + 1, few);
  return withCursors(rows.slice(0, size), sort, dir, !!query.after, rows.length > size);
}

/** The page and how many rows match (counted first: the count also decides how the page is read). */
export async function findAdminSubscriptions(
  query: ListQuery,
  db: Db = getDb(),
): Promise<AdminSubscriptionPage & { matches: MatchCount }> {
  const matches = await countAdminSubscriptions(query, COUNT_CAP, db);
  return { ...(await listAdminSubscriptions(query, db, matches)), matches };
}

function withCursors(
  rows: AdminSubscriptionRow[],
  sort: SortKey,
  dir: SortDir,
  hasPrev: boolean,
  hasNext: boolean,
): AdminSubscriptionPage {
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    prev: hasPrev && first ? cursorOf(first, sort, dir) : undefined,
    next: hasNext && last ? cursorOf(last, sort, dir) : undefined,
  };
}

/**
 * Every row of the filtered list in the list's order, `pageSize` rows per query: memory stays constant
 * whatever the total (the CSV export streams from this). Rows whose sort value changes while the export
 * runs may appear in their new place too, as with any paging without a long-held snapshot.
 */
export async function* iterateAdminSubscriptions(
  query: ListQuery,
  pageSize = 1_000,
  db: Db = getDb(),
): AsyncGenerator<AdminSubscriptionRow[]> {
  const matches = await countAdminSubscriptions(query, FEW_MATCHES, db);
  let after: Cursor | undefined;
  for (;;) {
    const page = await listAdminSubscriptions({ ...query, size: pageSize, after, before: undefined }, db, matches);
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

/** How many rows match, counted up to `cap` only (an exact count of a broad search would read every row). */
export async function countAdminSubscriptions(
  query: ListQuery,
  cap = COUNT_CAP,
  db: Db = getDb(),
): Promise<{ count: number; capped: boolean }> {
  const [row] = await db.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM (SELECT 1 FROM "Subscription" WHERE ${filterSql(query)} LIMIT ${cap + 1}) t`;
  const n = row?.n ?? 0;
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}

export type OfferPlans = { offerId: string; plans: { planId: string; displayName: string | null }[] };

/**
 * The offers and plans to filter by: those of stored subscriptions and stored plans, grouped by offer (a
 * plan id may exist in two offers). The distinct pairs are found by skipping through the (offerId, planId)
 * index one pair at a time, not by reading every subscription.
 */
export async function listFilterOptions(db: Db = getDb()): Promise<OfferPlans[]> {
  const rows = await db.$queryRaw<{ offerId: string; planId: string; displayName: string | null }[]>`
    WITH RECURSIVE pairs AS (
      (SELECT "offerId", "planId" FROM "Subscription" ORDER BY "offerId", "planId" LIMIT 1)
      UNION ALL
      SELECT n."offerId", n."planId" FROM pairs p CROSS JOIN LATERAL (
        SELECT s."offerId", s."planId" FROM "Subscription" s
        WHERE (s."offerId", s."planId") > (p."offerId", p."planId")
        ORDER BY s."offerId", s."planId" LIMIT 1
      ) n
    ),
    known AS (SELECT "offerId", "planId" FROM pairs UNION SELECT "offerId", "planId" FROM "Plan")
    SELECT k."offerId", k."planId", pl."displayName"
    FROM known k LEFT JOIN "Plan" pl ON pl."offerId" = k."offerId" AND pl."planId" = k."planId"
    ORDER BY k."offerId", k."planId"`;
  const byOffer = new Map<string, OfferPlans>();
  for (const r of rows) {
    const offer = byOffer.get(r.offerId) ?? { offerId: r.offerId, plans: [] };
    offer.plans.push({ planId: r.planId, displayName: r.displayName });
    byOffer.set(r.offerId, offer);
  }
  return [...byOffer.values()];
}
