import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { eventRow, insertEvents } from "./events";

/**
 * The hourly roll-up: records no hour counted yet, of hours that have ended, are added to their
 * subscription's, dimension's and hour's UsageHour. Microsoft takes one event per (resource, dimension,
 * hour), so a record whose hour was already claimed for sending is folded into the next hour still open,
 * with an audit note. Runs inside the metering lock (usage-hours.ts), so roll-ups and claims never overlap.
 */

export const HOUR_MS = 3600_000;
export const hourFloor = (at: Date): Date => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

type Group = { s: string; d: string; h: Date; q: number; n: number };
type Target = { s: string; d: string; h: string; target: string; id: string };

export type RollUpResult = { records: number; hours: number; folded: number };

export async function rollUpClosedHours(tx: Db, now: Date): Promise<RollUpResult> {
  const current = hourFloor(now);
  const groups = await tx.$queryRaw<Group[]>`
    SELECT "subscriptionId" AS s, dimension AS d, date_trunc('hour', "occurredAt") AS h,
      sum(quantity)::float8 AS q, count(*)::int AS n
    FROM "UsageRecord" WHERE "usageHourId" IS NULL AND "occurredAt" < ${current}
    GROUP BY 1, 2, 3`;
  if (groups.length === 0) return { records: 0, hours: 0, folded: 0 };

  const closed = await claimedHoursOf(tx, groups);
  const key = (s: string, d: string, h: number) => `${s}|${d}|${h}`;
  const targets: Target[] = groups.map((g) => {
    let hour = g.h.getTime();
    // Past every hour of this subscription and dimension already claimed: the next one still open.
    while (closed.has(key(g.s, g.d, hour))) hour += HOUR_MS;
    return { s: g.s, d: g.d, h: g.h.toISOString(), target: new Date(hour).toISOString(), id: randomUUID() };
  });
  await tx.$executeRaw`
    INSERT INTO "UsageHour" (id, "subscriptionId", dimension, "hourStart", "updatedAt")
    SELECT t.id, t.s, t.d, t.target::timestamp(3), ${now}
    FROM json_to_recordset(${JSON.stringify(targets)}::json) AS t(id uuid, s text, d text, target text)
    ON CONFLICT ("subscriptionId", dimension, "hourStart") DO NOTHING`;
  // Each record is moved once (the row lock of the UPDATE), and its hour's sum grows by what was moved.
  const moved = await tx.$queryRaw<{ id: string; n: number }[]>`
    WITH t AS (
      SELECT t.s, t.d, t.h::timestamp(3) AS h, u.id AS hid
      FROM json_to_recordset(${JSON.stringify(targets)}::json) AS t(s text, d text, h text, target text)
      JOIN "UsageHour" u ON u."subscriptionId" = t.s AND u.dimension = t.d AND u."hourStart" = t.target::timestamp(3)
    ), moved AS (
      UPDATE "UsageRecord" r SET "usageHourId" = t.hid FROM t
      WHERE r."usageHourId" IS NULL AND r."subscriptionId" = t.s AND r.dimension = t.d
        AND r."occurredAt" >= t.h AND r."occurredAt" < t.h + interval '1 hour'
      RETURNING r."usageHourId" AS hid, r.quantity AS q
    ), sums AS (SELECT hid, sum(q) AS q, count(*)::int AS n FROM moved GROUP BY hid)
    UPDATE "UsageHour" u SET ingested = u.ingested + sums.q, "updatedAt" = ${now}
    FROM sums WHERE u.id = sums.hid
    RETURNING u.id, sums.n`;

  const folded = targets.filter((t) => t.target !== t.h);
  if (folded.length) await noteFolds(tx, folded, groups, now);
  return { records: moved.reduce((sum, m) => sum + m.n, 0), hours: moved.length, folded: folded.length };
}

/** The hours of these subscriptions and dimensions whose quantities were decided (claimed once): closed to new records. */
async function claimedHoursOf(tx: Db, groups: readonly Group[]): Promise<Set<string>> {
  const from = new Date(Math.min(...groups.map((g) => g.h.getTime())));
  const pairs = JSON.stringify([...new Map(groups.map((g) => [`${g.s}|${g.d}`, { s: g.s, d: g.d }])).values()]);
  const rows = await tx.$queryRaw<{ s: string; d: string; h: Date }[]>`
    SELECT u."subscriptionId" AS s, u.dimension AS d, u."hourStart" AS h
    FROM "UsageHour" u JOIN json_to_recordset(${pairs}::json) AS p(s text, d text)
      ON u."subscriptionId" = p.s AND u.dimension = p.d
    WHERE u."hourStart" >= ${from} AND u."planId" IS NOT NULL`;
  return new Set(rows.map((r) => `${r.s}|${r.d}|${r.h.getTime()}`));
}

/** The audit note on the hour that took late records in, and a usage.folded event for each. */
async function noteFolds(tx: Db, folded: readonly Target[], groups: readonly Group[], now: Date): Promise<void> {
  const sizes = new Map(groups.map((g) => [`${g.s}|${g.d}|${g.h.toISOString()}`, g]));
  const notes = folded.map((t) => {
    const g = sizes.get(`${t.s}|${t.d}|${t.h}`)!;
    return {
      ...t,
      q: g.q,
      n: g.n,
      note: `${g.n} record(s), ${g.q} unit(s), of ${t.h} arrived after that hour was sent: counted here (Microsoft takes one event per hour).`,
    };
  });
  const ids = await tx.$queryRaw<{ id: string; s: string; d: string; h: Date }[]>`
    UPDATE "UsageHour" u SET note = concat_ws(E'\n', u.note, n.note)
    FROM json_to_recordset(${JSON.stringify(notes)}::json) AS n(s text, d text, target text, note text)
    WHERE u."subscriptionId" = n.s AND u.dimension = n.d AND u."hourStart" = n.target::timestamp(3)
    RETURNING u.id, u."subscriptionId" AS s, u.dimension AS d, u."hourStart" AS h`;
  const idOf = new Map(ids.map((r) => [`${r.s}|${r.d}|${r.h.toISOString()}`, r.id]));
  await insertEvents(
    tx,
    notes.map((n) =>
      eventRow({
        type: "usage.folded",
        action: "metering.fold",
        actor: { type: "system", id: "metering" },
        subject: { type: "usage_hour", id: idOf.get(`${n.s}|${n.d}|${n.target}`) ?? n.id },
        after: { subscriptionId: n.s, dimension: n.d, fromHour: n.h, intoHour: n.target, records: n.n, quantity: n.q },
      }),
    ),
    now,
  );
}
