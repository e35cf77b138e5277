import "server-only";
import { getDb, type Db } from "@/lib/db";
import { Prisma, type DeliveryStatus, type WebhookAttempt, type WebhookDelivery } from "@/generated/prisma/client";

export type { DeliveryStatus };
export type DeliveryRecord = WebhookDelivery;
export type AttemptRecord = Omit<WebhookAttempt, "id"> & { id: string };

// Timestamps are written in UTC explicitly: the columns have no time zone, and Prisma reads them as UTC.
export const NOW_UTC = Prisma.raw("(now() AT TIME ZONE 'UTC')");

export async function setDeliveryOutcome(
  id: string,
  status: DeliveryStatus,
  outcome: string,
  db: Db = getDb(),
): Promise<void> {
  await db.webhookDelivery.update({ where: { id }, data: { status, outcome } });
}

/**
 * Ends a Pending delivery's follow-up (lib/webhooks/follow-up.ts): its new status and outcome, only if it
 * is still Pending (a re-run or Microsoft's repeat may have settled it meanwhile). Returns whether it was.
 */
export async function finishPendingDelivery(
  id: string,
  status: DeliveryStatus,
  outcome: string,
  db: Db = getDb(),
): Promise<boolean> {
  const { count } = await db.webhookDelivery.updateMany({
    where: { id, status: "Pending" },
    data: { status, outcome: outcome.slice(0, 1000) },
  });
  return count === 1;
}

export type AttemptInput = {
  deliveryId: string;
  /** microsoft (a delivery received) | queue (a worker's attempt) | rerun (an owner queued it again) */
  source: "microsoft" | "queue" | "rerun";
  /** What Microsoft was answered; null for a worker's attempt (nobody waits for it). */
  httpStatus: number | null;
  outcome: string;
  durationMs: number;
  requestId: string | null;
};

/**
 * How an attempt leaves the delivery. `attention` (an undocumented action or status) stays once set: a
 * later attempt without anything unusual does not clear what an operator should still look at.
 */
export type DeliveryOutcome = { status: DeliveryStatus; outcome: string; attention?: string };

/**
 * Logs one attempt, and (with `delivery`) sets the delivery's status and outcome in the same statement.
 * Without it the delivery keeps its state: a repeated delivery does not overwrite what the applying
 * attempt found.
 */
export async function recordAttempt(
  attempt: AttemptInput,
  delivery?: DeliveryOutcome,
  db: Db = getDb(),
): Promise<void> {
  await db.$executeRaw`WITH written AS (SELECT 1)${attemptWrites(attempt, delivery)} SELECT 1`;
}

/**
 * recordAttempt's writes as CTEs (`, name AS (…)` …) of a larger statement that has a CTE `written`:
 * they happen only if `written` has a row (lib/data/webhook-sync.ts stores a delivery's result with them).
 */
export function attemptWrites(attempt: AttemptInput, delivery?: DeliveryOutcome): Prisma.Sql {
  // Only the rare delivery with something unusual writes the attention column: the hot statement keeps its shape.
  const attention = delivery?.attention
    ? Prisma.sql`, "attention" = ${delivery.attention.slice(0, 1000)}`
    : Prisma.empty;
  const finished = delivery
    ? Prisma.sql`, finished AS (
        UPDATE "WebhookDelivery" SET "status" = ${delivery.status}::"DeliveryStatus", "outcome" = ${delivery.outcome.slice(0, 1000)}${attention}
        WHERE "id" = ${attempt.deliveryId}::uuid AND EXISTS (SELECT 1 FROM written) RETURNING "id")`
    : Prisma.empty;
  return Prisma.sql`${finished}, attempted AS (
    INSERT INTO "WebhookAttempt" ("deliveryId", "at", "source", "httpStatus", "outcome", "durationMs", "requestId")
    SELECT ${attempt.deliveryId}::uuid, ${NOW_UTC}, ${attempt.source}, ${attempt.httpStatus}, ${attempt.outcome.slice(0, 1000)}, ${Math.round(attempt.durationMs)}, ${attempt.requestId}
    WHERE EXISTS (SELECT 1 FROM written))`;
}

/**
 * The operation timestamps (as Microsoft wrote them in the payload) of the subscription's deliveries that
 * were applied, except `operationId`'s own: what tells a late event from a current one.
 */
export async function appliedOperationTimes(
  subscriptionId: string,
  exceptOperationId: string,
  db: Db = getDb(),
): Promise<string[]> {
  const rows = await db.$queryRaw<{ ts: string | null }[]>`
    SELECT "payload"->>'timeStamp' AS ts FROM "WebhookDelivery"
    WHERE "subscriptionId" = ${subscriptionId} AND "status" = 'Applied' AND "operationId" <> ${exceptOperationId}`;
  return rows.map((r) => r.ts).filter((ts): ts is string => !!ts);
}

export function getDelivery(id: string, db: Db = getDb()): Promise<DeliveryRecord | null> {
  return db.webhookDelivery.findUnique({ where: { id } });
}

export function getDeliveryByOperation(operationId: string, db: Db = getDb()): Promise<DeliveryRecord | null> {
  return db.webhookDelivery.findUnique({ where: { operationId } });
}

/** Every attempt of a delivery, oldest first. */
export async function listAttempts(deliveryId: string, db: Db = getDb()): Promise<AttemptRecord[]> {
  const rows = await db.webhookAttempt.findMany({ where: { deliveryId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
