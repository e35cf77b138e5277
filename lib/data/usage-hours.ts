import "server-only";
import { getDb, inTransaction, type Db } from "@/lib/db";
import { eventRow, insertEvents } from "./events";
import { hourFloor, rollUpClosedHours, type RollUpResult } from "./usage-rollup";

/**
 * Exactly-once submission of hourly usage. An hour is claimed in the database (Pending → Sending, with the
 * runner's name and time) before Microsoft is called, and its included and overage quantities are decided
 * then, once. Roll-up and claims run under one advisory lock, so two instances never claim the same hour
 * nor share out the same included quantity twice. A claim left in Sending longer than the lease (its
 * runner died) is taken over and sent again, with the same quantity: Microsoft then answers Duplicate with
 * the event it accepted, and that answer is recorded. Never a second accepted event.
 */

/** pg_advisory_xact_lock's key for metering's roll-up and claims ("metering" in ASCII). */
const METERING_LOCK = 0x6d65746572696e67n;

/** A due hour: rolled up, its hour ended, not yet answered by Microsoft. */
export type DueHour = {
  id: string;
  subscriptionId: string;
  dimension: string;
  hourStart: Date;
  ingested: number;
  /**
   * Its quantities were decided at an earlier claim (its runner died, or Microsoft failed and it waits for
   * its retry): it is sent again exactly as decided, so that Microsoft's Duplicate answer matches.
   */
  retake: boolean;
  included: number;
  overage: number;
  planId: string | null;
  termStart: Date | null;
  attempts: number;
};

/** What decided hours took from the included quantity, per subscription, dimension and term. */
export type IncludedUse = { subscriptionId: string; dimension: string; termStart: Date | null; included: number };

/** What to do with a due hour that is not a retake. */
export type Decision = {
  id: string;
  included: number;
  overage: number;
  planId: string;
  termStart: Date | null;
  /** send: claim for Microsoft. The others end it now: Included / DryRun are Done, expired is Flagged. */
  next: "send" | "included" | "dry-run" | "expired";
};

export type ClaimInput = {
  now: Date;
  runner: string;
  leaseMs: number;
  limit: number;
  /** Decides the fresh hours (pure): the included quantity left comes from `used`. */
  decide: (hours: readonly DueHour[], used: readonly IncludedUse[]) => Decision[] | Promise<Decision[]>;
};

/** The subscriptions with usage due (read outside the lock, so that their plans can be fetched first). */
export async function subscriptionsWithDueUsage(now: Date, db: Db = getDb()): Promise<string[]> {
  const rows = await db.$queryRaw<{ s: string }[]>`
    SELECT "subscriptionId" AS s FROM "UsageHour" WHERE state IN ('Pending', 'Sending') AND "hourStart" < ${hourFloor(now)}
    UNION
    SELECT "subscriptionId" FROM "UsageRecord" WHERE "usageHourId" IS NULL AND "occurredAt" < ${hourFloor(now)}`;
  return rows.map((r) => r.s);
}

/** Rolls up what ended, then claims due hours: the fresh ones as `decide` says, and stale claims to resend. */
export async function rollUpAndClaim(
  input: ClaimInput,
): Promise<{ rolledUp: RollUpResult; due: number; settled: number; claimed: DueHour[] }> {
  const { now } = input;
  return inTransaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${METERING_LOCK})`;
    const rolledUp = await rollUpClosedHours(tx, now);
    const due = await tx.$queryRaw<DueHour[]>`
      SELECT id, "subscriptionId", dimension, "hourStart", ingested, "planId" IS NOT NULL AS retake, included, overage,
        "planId", "termStart", attempts
      FROM "UsageHour"
      WHERE "hourStart" < ${hourFloor(now)}
        AND ((state = 'Pending' AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${now}))
          OR (state = 'Sending' AND "claimedAt" < ${new Date(now.getTime() - input.leaseMs)}))
      ORDER BY "hourStart", id
      LIMIT ${input.limit}
      FOR UPDATE SKIP LOCKED`;
    if (due.length === 0) return { rolledUp, due: 0, settled: 0, claimed: [] };
    const fresh = due.filter((h) => !h.retake);
    const used = await includedUseOf(tx, fresh);
    const decisions = await input.decide(fresh, used);
    await applyDecisions(tx, decisions, input.runner, now);
    const sending = new Set(decisions.filter((d) => d.next === "send").map((d) => d.id));
    const byId = new Map(decisions.map((d) => [d.id, d]));
    const retakes = due.filter((h) => h.retake).map((h) => h.id);
    if (retakes.length)
      await tx.$executeRaw`
        UPDATE "UsageHour" SET state = 'Sending', "claimedAt" = ${now}, "claimedBy" = ${input.runner}, attempts = attempts + 1,
          "nextAttemptAt" = NULL, "updatedAt" = ${now}
        WHERE id = ANY(${retakes}::uuid[])`;
    const claimed = due.flatMap((h): DueHour[] => {
      if (h.retake) return [h];
      const d = byId.get(h.id);
      return d && sending.has(h.id) ? [{ ...h, ...d, attempts: h.attempts + 1 }] : [];
    });
    return { rolledUp, due: due.length, settled: decisions.length + retakes.length, claimed };
  });
}

async function includedUseOf(tx: Db, hours: readonly DueHour[]): Promise<IncludedUse[]> {
  if (hours.length === 0) return [];
  const pairs = JSON.stringify([
    ...new Map(
      hours.map((h) => [`${h.subscriptionId}|${h.dimension}`, { s: h.subscriptionId, d: h.dimension }]),
    ).values(),
  ]);
  return tx.$queryRaw<IncludedUse[]>`
    SELECT u."subscriptionId", u.dimension, u."termStart", sum(u.included)::float8 AS included
    FROM "UsageHour" u JOIN json_to_recordset(${pairs}::json) AS p(s text, d text)
      ON u."subscriptionId" = p.s AND u.dimension = p.d
    WHERE u."planId" IS NOT NULL
    GROUP BY 1, 2, 3`;
}

const STATE_OF: Record<Decision["next"], string> = {
  send: "Sending",
  included: "Done",
  "dry-run": "Done",
  expired: "Flagged",
};
const STATUS_OF: Record<Decision["next"], string | null> = {
  send: null,
  included: "Included",
  "dry-run": "DryRun",
  expired: null,
};
const EXPIRED_REASON =
  "Its 24-hour window at Microsoft passed before the portal could send it. The usage is kept here: fold it into the next open hour (it will then be billed late), or resolve it with a note if it should not be billed.";

async function applyDecisions(tx: Db, decisions: readonly Decision[], runner: string, now: Date): Promise<void> {
  if (decisions.length === 0) return;
  const rows = decisions.map((d) => ({
    id: d.id,
    included: d.included,
    overage: d.overage,
    planId: d.planId,
    termStart: d.termStart?.toISOString() ?? null,
    state: STATE_OF[d.next],
    status: STATUS_OF[d.next],
    flag: d.next === "expired" ? EXPIRED_REASON : null,
    sending: d.next === "send",
  }));
  await tx.$executeRaw`
    UPDATE "UsageHour" u SET included = d.included, overage = d.overage, "planId" = d."planId",
      "termStart" = d."termStart"::timestamp(3), state = d.state::"UsageHourState", status = d.status, "flagReason" = d.flag,
      "claimedAt" = CASE WHEN d.sending THEN ${now}::timestamp(3) END, "claimedBy" = CASE WHEN d.sending THEN ${runner} END,
      attempts = u.attempts + CASE WHEN d.sending THEN 1 ELSE 0 END, "nextAttemptAt" = NULL, "updatedAt" = ${now}
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS d(id uuid, included float8, overage float8, "planId" text,
      "termStart" text, state text, status text, flag text, sending boolean)
    WHERE u.id = d.id`;
  const ended = decisions.filter((d) => d.next !== "send");
  await insertEvents(
    tx,
    ended.map((d) =>
      eventRow({
        type: d.next === "expired" ? "usage.flagged" : "usage.submitted",
        action: `metering.${d.next}`,
        actor: { type: "system", id: "metering" },
        subject: { type: "usage_hour", id: d.id },
        after: { included: d.included, overage: d.overage, ...(d.next === "expired" ? { reason: "expired" } : {}) },
      }),
    ),
    now,
  );
}

/** Microsoft's answer for one claimed hour, as the portal records it. */
export type HourOutcome =
  | {
      id: string;
      kind: "done";
      status: string;
      usageEventId: string | null;
      acceptedQuantity: number | null;
      messageTime: Date | null;
      note?: string;
    }
  | {
      id: string;
      kind: "flagged";
      status: string | null;
      reason: string;
      usageEventId?: string | null;
      acceptedQuantity?: number | null;
    }
  | { id: string; kind: "retry"; status: string | null; nextAttemptAt: Date };

/** Records Microsoft's answers, only for claims still held by this runner (a taken-over claim is the other's). */
export async function finishHours(outcomes: readonly HourOutcome[], runner: string, now: Date): Promise<number> {
  if (outcomes.length === 0) return 0;
  const rows = outcomes.map((o) => ({
    id: o.id,
    state: o.kind === "done" ? "Done" : o.kind === "flagged" ? "Flagged" : "Pending",
    status: o.status,
    eventId: o.kind === "retry" ? null : (o.usageEventId ?? null),
    accepted: o.kind === "retry" ? null : (o.acceptedQuantity ?? null),
    messageTime: o.kind === "done" ? (o.messageTime?.toISOString() ?? null) : null,
    flag: o.kind === "flagged" ? o.reason : null,
    note: o.kind === "done" ? (o.note ?? null) : null,
    next: o.kind === "retry" ? o.nextAttemptAt.toISOString() : null,
  }));
  return inTransaction(async (tx) => {
    const updated = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "UsageHour" u SET state = d.state::"UsageHourState", status = d.status,
        "usageEventId" = COALESCE(d."eventId", u."usageEventId"), "acceptedQuantity" = COALESCE(d.accepted, u."acceptedQuantity"),
        "messageTime" = d."messageTime"::timestamp(3), "flagReason" = d.flag, note = concat_ws(E'\n', u.note, d.note),
        "nextAttemptAt" = d.next::timestamp(3), "claimedAt" = NULL, "claimedBy" = NULL, "updatedAt" = ${now}
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS d(id uuid, state text, status text, "eventId" text,
        accepted float8, "messageTime" text, flag text, note text, next text)
      WHERE u.id = d.id AND u.state = 'Sending' AND u."claimedBy" = ${runner}
      RETURNING u.id`;
    const mine = new Set(updated.map((u) => u.id));
    await insertEvents(
      tx,
      outcomes
        .filter((o): o is Exclude<HourOutcome, { kind: "retry" }> => mine.has(o.id) && o.kind !== "retry")
        .map((o) =>
          eventRow({
            type: o.kind === "done" ? "usage.submitted" : "usage.flagged",
            action: `metering.${o.status ?? o.kind}`,
            actor: { type: "microsoft" },
            subject: { type: "usage_hour", id: o.id },
            after:
              o.kind === "done"
                ? { status: o.status, usageEventId: o.usageEventId }
                : { status: o.status, reason: o.reason },
          }),
        ),
      now,
    );
    return mine.size;
  });
}
