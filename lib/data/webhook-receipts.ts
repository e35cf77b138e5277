import "server-only";
import { getDb, queryDirect, type Db } from "@/lib/db";
import { Prisma } from "@/generated/prisma/client";
import { currentTraceparent } from "@/lib/tracing/spans";
import { NOW_UTC, type DeliveryRecord, type DeliveryStatus } from "./deliveries";
import { GIVE_UP_ATTENTION, type DeliveryJob } from "./webhook-queue";

/**
 * The webhook's receipt: what the answer to Microsoft waits for. Several receipts can be written in one
 * statement (lib/webhooks/receipts.ts gathers the ones that arrive while a statement runs), because under a
 * burst the statement's fixed cost (a round trip, PostgreSQL's execution and commit) was most of the
 * answer's database time; the rows themselves are cheap.
 */

/** What the receipt needs of the stored delivery (not its payload: the answer must stay cheap). */
export type ReceivedDelivery = Pick<DeliveryRecord, "id" | "operationId" | "status" | "attempts">;

export type Receipt = {
  delivery: ReceivedDelivery;
  firstDelivery: boolean;
  /** The delivery's status before this one arrived (null: first delivery). */
  priorStatus: DeliveryStatus | null;
  /** A job was requested: a first delivery, or a repeat of one the queue had given up on. */
  queued: boolean;
};

export type ReceiptInput = {
  operationId: string;
  subscriptionId: string | null;
  action: string;
  payload: Record<string, unknown>;
  /** The job's priority (lower runs first): decisions ahead of the backlog. */
  priority: number;
  /** How long the answer took until the receipt, for the attempt log. */
  durationMs: number;
  requestId: string | null;
  /** The webhook request's W3C traceparent when tracing is on: the applying job continues its trace. */
  traceparent: string | null;
};

type ReceiptRow = ReceivedDelivery & { inserted: boolean; prior: DeliveryStatus | null; queued: boolean };

/**
 * Records webhook deliveries, each with its request for a job (DeliveryDispatch: `dispatchDeliveries` turns
 * it into the job) and its delivery attempt (answered 200), in one statement. The first delivery of an
 * operation inserts it (Queued); a repeat (Microsoft retries, two at the same moment) counts an attempt, and
 * asks for a job again only if the queue had given up on it (Failed). The unique index on operationId
 * decides, so this holds across portal instances. Receipts come back in the order given.
 *
 * The operation ids must differ (PostgreSQL cannot update one row twice in a statement): the caller puts a
 * repeat in the next statement. Receipt times are kept to the millisecond, as before, so deliveries in one
 * statement tie as those of one millisecond always did: Microsoft's deliveries of one subscription come
 * seconds apart, and a worker takes the earlier by (receivedAt, id) (webhook-queue.ts).
 */
export async function receiveDeliveries(inputs: readonly ReceiptInput[], db: Db = getDb()): Promise<Receipt[]> {
  if (!inputs.length) return [];
  if (new Set(inputs.map((i) => i.operationId)).size !== inputs.length)
    throw new Error("receiveDeliveries: an operation id appears twice; receive the repeat in another statement");
  const column = <T>(pick: (i: ReceiptInput) => T) => inputs.map(pick);
  const rows = await queryDirect<ReceiptRow>(
    db,
    Prisma.sql`WITH i AS (
       SELECT * FROM unnest(${column((i) => i.operationId)}::text[], ${column((i) => i.subscriptionId)}::text[],
         ${column((i) => i.action)}::text[], ${column((i) => JSON.stringify(i.payload))}::text[],
         ${column((i) => i.priority)}::int[], ${column((i) => Math.round(i.durationMs))}::int[],
         ${column((i) => i.requestId)}::text[], ${column((i) => i.traceparent)}::text[])
         WITH ORDINALITY AS t(op, sub, action, payload, priority, duration, request_id, traceparent, n)),
     prior AS (SELECT w."operationId" AS op, w."status" FROM "WebhookDelivery" w WHERE w."operationId" IN (SELECT op FROM i)),
     d AS (
       INSERT INTO "WebhookDelivery" AS w ("id", "operationId", "subscriptionId", "action", "payload", "receivedAt", "lastAttemptAt")
       SELECT gen_random_uuid(), i.op, i.sub, i.action, i.payload::jsonb, ${NOW_UTC}, ${NOW_UTC}
       FROM i ORDER BY i.n
       ON CONFLICT ("operationId") DO UPDATE SET "attempts" = w."attempts" + 1,
         "status" = CASE WHEN w."status" = 'Failed' THEN 'Queued'::"DeliveryStatus" ELSE w."status" END,
         "attention" = CASE WHEN w."status" = 'Failed' AND w."attention" LIKE ${`${GIVE_UP_ATTENTION}%`} THEN NULL ELSE w."attention" END
       RETURNING w."id", w."operationId", w."status", w."attempts", (xmax = 0) AS inserted),
     x AS (SELECT d.*, p."status" AS prior, i.priority, i.traceparent, i.duration, i.request_id, i.n
       FROM d JOIN i ON i.op = d."operationId" LEFT JOIN prior p ON p.op = d."operationId"),
     q AS (INSERT INTO "DeliveryDispatch" ("deliveryId", "priority", "at", "traceparent")
       SELECT x."id", x.priority::smallint, ${NOW_UTC}, x.traceparent FROM x WHERE x.inserted OR x.prior = 'Failed'
       ON CONFLICT DO NOTHING RETURNING "deliveryId"),
     a AS (
       INSERT INTO "WebhookAttempt" ("deliveryId", "at", "source", "httpStatus", "outcome", "durationMs", "requestId")
       SELECT x."id", ${NOW_UTC}, 'microsoft', 200,
         CASE WHEN x.inserted THEN 'Received and queued.'
              WHEN x.prior = 'Failed' THEN 'Repeat delivery of one the queue had given up on: queued again.'
              -- prior is null when another instance inserted it after this statement began
              ELSE 'Repeat delivery (' || coalesce(x.prior::text, 'received at the same moment') || '): acknowledged, not queued again.' END,
         x.duration, x.request_id FROM x)
     SELECT x."id", x."operationId", x."status", x."attempts", x.inserted, x.prior,
       EXISTS (SELECT 1 FROM q WHERE q."deliveryId" = x."id") AS queued
     FROM x ORDER BY x.n`,
  );
  if (rows.length !== inputs.length)
    throw new Error(`receiveDeliveries: ${inputs.length} deliveries given, ${rows.length} rows returned`);
  return rows.map(({ inserted, prior, queued, ...delivery }) => ({
    delivery,
    firstDelivery: inserted,
    priorStatus: inserted ? null : prior,
    queued,
  }));
}

/** One receipt in its own statement, with the job it asks for (the tests' way of receiving a delivery). */
export async function receiveDelivery(
  input: Pick<ReceiptInput, "operationId" | "subscriptionId" | "action" | "payload">,
  job: DeliveryJob,
  attempt: { durationMs: number; requestId: string | null },
  db: Db = getDb(),
): Promise<Receipt> {
  const [receipt] = await receiveDeliveries(
    [{ ...input, ...attempt, priority: job.priority, traceparent: currentTraceparent() ?? null }],
    db,
  );
  return receipt!;
}
