import "server-only";
import { getDb, queryDirect, type Db } from "@/lib/db";
import { Prisma, type DeliveryStatus, type WebhookAttempt, type WebhookDelivery } from "@/generated/prisma/client";
import { subscriptionFromJson, type SubscriptionRecord } from "./subscription-columns";

export type { DeliveryStatus };
export type DeliveryRecord = WebhookDelivery;
export type AttemptRecord = Omit<WebhookAttempt, "id"> & { id: string };

/** Every column of WebhookDelivery (DeliveryRecord), from the schema; recordDelivery's test compares its row with Prisma's. */
const DELIVERY_COLUMNS = Object.values(Prisma.WebhookDeliveryScalarFieldEnum)
  .map((c) => `"${c}"`)
  .join(", ");

// Timestamps are written in UTC explicitly: the columns have no time zone, and Prisma reads them as UTC.
const NOW_UTC = "(now() AT TIME ZONE 'UTC')";

/**
 * Records a webhook delivery in the inbox. The first delivery of an operation inserts it (status Received,
 * `lastAttemptAt` = now: the inserting request is the one applying it); every later one (Microsoft
 * retries, duplicates, two at the same moment) only counts an attempt. The unique index on operationId
 * decides, not process memory, so this holds across portal instances. `lastAttemptAt` moves only when an
 * attempt takes the delivery over (claimDelivery), so it tells how long the current application has run.
 */
export async function recordDelivery(
  /** `payload`: the body's JSON object as parsed (stored as jsonb, exactly as received). */
  input: { operationId: string; subscriptionId: string | null; action: string; payload: Record<string, unknown> },
  db: Db = getDb(),
): Promise<{ delivery: DeliveryRecord; firstDelivery: boolean; subscription: SubscriptionRecord | null }> {
  const payload = JSON.stringify(input.payload);
  // The stored subscription comes back with it (one round trip): the webhook stores its result in one
  // statement when the row has not moved since (lib/webhooks/store.ts). Columns are listed, not `*`: a
  // prepared statement's result must keep its shape while a migration adds a column (rolling deploys).
  const rows = await queryDirect<
    DeliveryRecord & { inserted: boolean; subscriptionRow: Record<string, unknown> | null }
  >(
    db,
    Prisma.sql`WITH d AS (
       INSERT INTO "WebhookDelivery" ("id", "operationId", "subscriptionId", "action", "payload", "receivedAt", "lastAttemptAt")
       VALUES (gen_random_uuid(), ${input.operationId}, ${input.subscriptionId}, ${input.action}, ${payload}::jsonb, ${Prisma.raw(NOW_UTC)}, ${Prisma.raw(NOW_UTC)})
       ON CONFLICT ("operationId") DO UPDATE SET "attempts" = "WebhookDelivery"."attempts" + 1
       RETURNING ${Prisma.raw(DELIVERY_COLUMNS)}, (xmax = 0) AS inserted)
     SELECT d.*, (SELECT to_jsonb(s) FROM "Subscription" s WHERE s."id" = d."subscriptionId") AS "subscriptionRow" FROM d`,
  );
  const row = rows[0];
  if (!row) throw new Error("recordDelivery: the insert returned no row");
  const { inserted, subscriptionRow, ...delivery } = row;
  return {
    delivery,
    firstDelivery: inserted,
    subscription: subscriptionRow ? subscriptionFromJson(subscriptionRow) : null,
  };
}

/**
 * Takes a delivery over for one more attempt: a Failed one (or, for an admin's re-run, a Refused one), or a
 * Received one whose attempt started more than `leaseMs` ago (its process died). Exactly one of several
 * simultaneous callers gets the row (one conditional UPDATE); the others get null and must not apply it.
 */
export async function claimDelivery(
  id: string,
  options: { from: readonly DeliveryStatus[]; leaseMs: number; countAttempt?: boolean },
  db: Db = getDb(),
): Promise<DeliveryRecord | null> {
  const rows = await db.$queryRawUnsafe<DeliveryRecord[]>(
    `UPDATE "WebhookDelivery" SET "status" = 'Received', "lastAttemptAt" = ${NOW_UTC}, "attempts" = "attempts" + $4
     WHERE "id" = $1::uuid
       AND ("status"::text = ANY($2::text[]) OR ("status" = 'Received' AND "lastAttemptAt" < ${NOW_UTC} - ($3::int * interval '1 millisecond')))
     RETURNING *`,
    id,
    [...options.from],
    Math.round(options.leaseMs),
    options.countAttempt ? 1 : 0,
  );
  return rows[0] ?? null;
}

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
  /** microsoft | rerun */
  source: "microsoft" | "rerun";
  httpStatus: number;
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
    SELECT ${attempt.deliveryId}::uuid, ${Prisma.raw(NOW_UTC)}, ${attempt.source}, ${attempt.httpStatus}, ${attempt.outcome.slice(0, 1000)}, ${Math.round(attempt.durationMs)}, ${attempt.requestId}
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
