import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb, type Db } from "@/lib/db";

/** The admin usage page's reads: hours with their outcome, flagged hours, totals per plan and dimension. */

export type UsageHourView = {
  id: string;
  subscriptionId: string;
  subscriptionName: string | null;
  offerId: string | null;
  planId: string | null;
  dimension: string;
  hourStart: Date;
  ingested: number;
  included: number;
  overage: number;
  state: string;
  status: string | null;
  usageEventId: string | null;
  acceptedQuantity: number | null;
  flagReason: string | null;
  note: string | null;
  reconStatus: string | null;
  attempts: number;
};

export type UsageFilter = { from: Date; to: Date; subscriptionId?: string; state?: string };

const STATES = ["Pending", "Sending", "Done", "Flagged"];

function where(filter: UsageFilter): Prisma.Sql {
  const parts = [Prisma.sql`u."hourStart" >= ${filter.from}`, Prisma.sql`u."hourStart" < ${filter.to}`];
  if (filter.subscriptionId) parts.push(Prisma.sql`u."subscriptionId" = ${filter.subscriptionId}`);
  if (filter.state && STATES.includes(filter.state))
    parts.push(Prisma.sql`u.state = ${filter.state}::"UsageHourState"`);
  return Prisma.join(parts, " AND ");
}

/** Hours of the period, newest first. */
export function listUsageHours(filter: UsageFilter, limit: number, db: Db = getDb()): Promise<UsageHourView[]> {
  return db.$queryRaw<UsageHourView[]>`
    SELECT u.id, u."subscriptionId", s.name AS "subscriptionName", s."offerId", COALESCE(u."planId", s."planId") AS "planId",
      u.dimension, u."hourStart", u.ingested, u.included, u.overage, u.state::text AS state, u.status, u."usageEventId",
      u."acceptedQuantity", u."flagReason", u.note, u."reconStatus", u.attempts
    FROM "UsageHour" u LEFT JOIN "Subscription" s ON s.id = u."subscriptionId"
    WHERE ${where(filter)}
    ORDER BY u."hourStart" DESC, u."subscriptionId", u.dimension
    LIMIT ${limit}`;
}

/** Every flagged hour, whatever its date (a flag waits for a person), oldest first. */
export function listFlaggedHours(limit: number, db: Db = getDb()): Promise<UsageHourView[]> {
  return listUsageHours({ from: new Date(0), to: new Date(8.64e15), state: "Flagged" }, limit, db).then((rows) =>
    rows.reverse(),
  );
}

export type UsageTotal = {
  offerId: string | null;
  planId: string | null;
  dimension: string;
  hours: number;
  ingested: number;
  included: number;
  /** Accepted by Microsoft (Accepted, or a matching Duplicate). */
  sent: number;
  /** Dry-run hours: what would have been sent. */
  wouldSend: number;
  /** Waiting: rolled up, not yet answered. */
  waiting: number;
  flagged: number;
};

export function usageTotals(filter: UsageFilter, db: Db = getDb()): Promise<UsageTotal[]> {
  return db.$queryRaw<UsageTotal[]>`
    SELECT s."offerId", COALESCE(u."planId", s."planId") AS "planId", u.dimension, count(*)::int AS hours,
      sum(u.ingested)::float8 AS ingested, sum(u.included)::float8 AS included,
      COALESCE(sum(u.overage) FILTER (WHERE u.state = 'Done' AND u.status IN ('Accepted', 'Duplicate')), 0)::float8 AS sent,
      COALESCE(sum(u.overage) FILTER (WHERE u.status = 'DryRun'), 0)::float8 AS "wouldSend",
      COALESCE(sum(u.ingested) FILTER (WHERE u.state IN ('Pending', 'Sending')), 0)::float8 AS waiting,
      (count(*) FILTER (WHERE u.state = 'Flagged'))::int AS flagged
    FROM "UsageHour" u LEFT JOIN "Subscription" s ON s.id = u."subscriptionId"
    WHERE ${where(filter)}
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`;
}

export type UsageDay = { day: string; ingested: number; sent: number };

/** Per UTC day of the period (every day, zeros included): units used, and units Microsoft accepted. */
export function usageByDay(filter: UsageFilter, db: Db = getDb()): Promise<UsageDay[]> {
  return db.$queryRaw<UsageDay[]>`
    WITH days AS (
      SELECT generate_series(date_trunc('day', ${filter.from}::timestamp), ${filter.to}::timestamp - interval '1 millisecond', interval '1 day') AS d)
    SELECT to_char(days.d, 'YYYY-MM-DD') AS day, COALESCE(sum(u.ingested), 0)::float8 AS ingested,
      COALESCE(sum(u.overage) FILTER (WHERE u.state = 'Done' AND u.status IN ('Accepted', 'Duplicate')), 0)::float8 AS sent
    FROM days LEFT JOIN "UsageHour" u ON u."hourStart" >= days.d AND u."hourStart" < days.d + interval '1 day'
      AND ${where(filter)}
    GROUP BY days.d ORDER BY days.d`;
}

/** Records posted but not rolled up yet (their hour has not ended, or the job has not run). */
export async function unrolledUsage(db: Db = getDb()): Promise<{ records: number; quantity: number }> {
  const [row] = await db.$queryRaw<{ records: number; quantity: number }[]>`
    SELECT count(*)::int AS records, COALESCE(sum(quantity), 0)::float8 AS quantity
    FROM "UsageRecord" WHERE "usageHourId" IS NULL`;
  return row ?? { records: 0, quantity: 0 };
}
