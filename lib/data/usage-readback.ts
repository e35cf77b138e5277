import "server-only";
import { getDb, inTransaction, type Db } from "@/lib/db";
import { eventRow, insertEvents } from "./events";

/** What the portal had Microsoft accept, per subscription, dimension and UTC day (the read-back's unit). */
export type SentDay = { subscriptionId: string; dimension: string; day: Date; quantity: number; hours: number };

export async function sentPerDay(from: Date, to: Date, db: Db = getDb()): Promise<SentDay[]> {
  return db.$queryRaw<SentDay[]>`
    SELECT "subscriptionId", dimension, date_trunc('day', "hourStart") AS day,
      sum("acceptedQuantity")::float8 AS quantity, count(*)::int AS hours
    FROM "UsageHour"
    WHERE "usageEventId" IS NOT NULL AND "hourStart" >= ${from} AND "hourStart" < ${to}
    GROUP BY 1, 2, 3`;
}

/** The read-back's verdict for one day: Microsoft's reconStatus, and a reason when a person must look. */
export type DayCheck = {
  subscriptionId: string;
  dimension: string;
  day: Date;
  reconStatus: string | null;
  problem: string | null;
};

/** Writes the verdicts on the day's sent hours; a problem flags them (audited). */
export async function recordReadBack(checks: readonly DayCheck[], now: Date): Promise<number> {
  if (checks.length === 0) return 0;
  const rows = checks.map((c) => ({ ...c, day: c.day.toISOString() }));
  return inTransaction(async (tx) => {
    const flagged = await tx.$queryRaw<{ id: string; problem: string }[]>`
      UPDATE "UsageHour" u SET "reconStatus" = c."reconStatus", "reconCheckedAt" = ${now},
        state = CASE WHEN c.problem IS NULL THEN u.state ELSE 'Flagged'::"UsageHourState" END,
        "flagReason" = COALESCE(c.problem, u."flagReason"), "updatedAt" = ${now}
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS c("subscriptionId" text, dimension text, day text,
        "reconStatus" text, problem text)
      WHERE u."subscriptionId" = c."subscriptionId" AND u.dimension = c.dimension AND u."usageEventId" IS NOT NULL
        AND u."hourStart" >= c.day::timestamp(3) AND u."hourStart" < c.day::timestamp(3) + interval '1 day'
      RETURNING u.id, c.problem`;
    const problems = flagged.filter((f) => f.problem !== null);
    await insertEvents(
      tx,
      problems.map((f) =>
        eventRow({
          type: "usage.flagged",
          action: "metering.read-back",
          actor: { type: "system", id: "metering" },
          subject: { type: "usage_hour", id: f.id },
          after: { reason: f.problem },
        }),
      ),
      now,
    );
    return problems.length;
  });
}
