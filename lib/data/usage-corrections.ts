import "server-only";
import { randomUUID } from "node:crypto";
import { inTransaction } from "@/lib/db";
import type { Actor } from "@/lib/domain/events";
import { recordEvent } from "./events";
import { hourFloor } from "./usage-rollup";

/**
 * An operator's correction of a flagged hour, audited (usage.corrected, with who and why):
 * - resolve: a person has dealt with it (contacted Microsoft, decided not to bill); the hour is Done,
 *   its flag kept in the note with theirs.
 * - fold: usage Microsoft never accepted for its hour (window passed, subscription not active then,
 *   refused) moves, with its records, into the current hour, which is sent once it ends. The hour keeps
 *   nothing, so the included quantity it used is given back and decided again with the new hour.
 */

export type CorrectionOutcome = { ok: true } | { ok: false; reason: string };

export type Corrector = { id: string; label: string | null };

const actorOf = (by: Corrector): Actor => ({ type: "user", id: by.id, label: by.label });

export async function resolveFlaggedHour(
  id: string,
  note: string,
  by: Corrector,
  now = new Date(),
): Promise<CorrectionOutcome> {
  return inTransaction(async (tx) => {
    const [hour] = await tx.$queryRaw<{ flagReason: string | null }[]>`
      SELECT "flagReason" FROM "UsageHour" WHERE id = ${id}::uuid AND state = 'Flagged' FOR UPDATE`;
    if (!hour) return { ok: false, reason: "This hour is not flagged (any more)." };
    const text = `Resolved by ${by.label ?? by.id} (${now.toISOString()}): ${note}. Flag was: ${hour.flagReason ?? "—"}`;
    await tx.$executeRaw`
      UPDATE "UsageHour" SET state = 'Done', "flagReason" = NULL, note = concat_ws(E'\n', note, ${text}::text), "updatedAt" = ${now}
      WHERE id = ${id}::uuid`;
    await recordEvent(
      {
        type: "usage.corrected",
        action: "usage.resolved",
        actor: actorOf(by),
        subject: { type: "usage_hour", id },
        before: { state: "Flagged", flagReason: hour.flagReason },
        after: { state: "Done", note },
      },
      tx,
    );
    return { ok: true };
  });
}

export async function foldFlaggedHour(
  id: string,
  note: string,
  by: Corrector,
  now = new Date(),
): Promise<CorrectionOutcome> {
  return inTransaction(async (tx) => {
    const [hour] = await tx.$queryRaw<
      { subscriptionId: string; dimension: string; hourStart: Date; ingested: number; usageEventId: string | null }[]
    >`
      SELECT "subscriptionId", dimension, "hourStart", ingested, "usageEventId" FROM "UsageHour"
      WHERE id = ${id}::uuid AND state = 'Flagged' FOR UPDATE`;
    if (!hour) return { ok: false, reason: "This hour is not flagged (any more)." };
    // Microsoft accepted an event for it: moving its usage would bill it a second time.
    if (hour.usageEventId)
      return { ok: false, reason: "Microsoft accepted an event for this hour: resolve it instead of folding it." };
    const target = hourFloor(now);
    await tx.$executeRaw`
      INSERT INTO "UsageHour" (id, "subscriptionId", dimension, "hourStart", "updatedAt")
      VALUES (${randomUUID()}::uuid, ${hour.subscriptionId}, ${hour.dimension}, ${target}, ${now})
      ON CONFLICT ("subscriptionId", dimension, "hourStart") DO NOTHING`;
    const text = `${hour.ingested} unit(s) of ${hour.hourStart.toISOString()} folded in by ${by.label ?? by.id}: ${note}`;
    const [into] = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "UsageHour" SET ingested = ingested + ${hour.ingested}::float8, note = concat_ws(E'\n', note, ${text}::text), "updatedAt" = ${now}
      WHERE "subscriptionId" = ${hour.subscriptionId} AND dimension = ${hour.dimension} AND "hourStart" = ${target}
        AND "planId" IS NULL
      RETURNING id`;
    if (!into) return { ok: false, reason: "The current hour was already sent; try again in the next hour." };
    await tx.$executeRaw`UPDATE "UsageRecord" SET "usageHourId" = ${into.id}::uuid WHERE "usageHourId" = ${id}::uuid`;
    await tx.$executeRaw`
      UPDATE "UsageHour" SET state = 'Done', status = 'Folded', ingested = 0, included = 0, overage = 0, "flagReason" = NULL,
        note = concat_ws(E'\n', note, ${`Folded into ${target.toISOString()} by ${by.label ?? by.id}: ${note}`}::text), "updatedAt" = ${now}
      WHERE id = ${id}::uuid`;
    await recordEvent(
      {
        type: "usage.corrected",
        action: "usage.folded",
        actor: actorOf(by),
        subject: { type: "usage_hour", id },
        before: { state: "Flagged", ingested: hour.ingested },
        after: { state: "Done", status: "Folded", intoHour: target.toISOString(), intoId: into.id, note },
      },
      tx,
    );
    return { ok: true };
  });
}
