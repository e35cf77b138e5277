import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { getDb, inTransaction } from "@/lib/db";
import { webhookIdOf } from "@/lib/domain/outbound-events";
import { recordEvent } from "./events";

/**
 * The messages of outbound events (OutboundMessage, fanned out by the trigger on "Event") and their
 * delivery log (OutboundAttempt). Two rules hold here for every sender on every instance:
 * - **Order per subscription.** A message is due only when no earlier message of the same (endpoint,
 *   subscription) is still pending; a delivered or dead one no longer blocks. The feed's ids are in commit
 *   order per subscription because every writer of a subscription's events holds its row lock
 *   (subscription-store.ts: FOR UPDATE, or the one-statement UPDATE/INSERT that locks the row) until commit.
 * - **One sender per attempt.** A sender claims messages (FOR UPDATE SKIP LOCKED, then a claim id and an
 *   expiry) before sending; nobody else takes a claimed message until its claim expires (the request's
 *   timeout and a margin: a sender that died). Its result is recorded only under its own claim.
 */

/** How long a claim lasts beyond the request's own timeout: a dead sender's messages are retried after this. */
const CLAIM_MARGIN_MS = 30_000;

export type ClaimedMessage = {
  id: string;
  claimId: string;
  attempt: number;
  firstAttemptAt: Date;
  eventId: string;
  type: string;
  at: Date;
  subscriptionId: string | null;
  before: unknown;
  after: unknown;
};

/** "No earlier pending message of the same (endpoint, subscription)": the head-of-line rule, on alias m. */
const HEAD_OF_LINE = Prisma.sql`NOT EXISTS (SELECT 1 FROM "OutboundMessage" p WHERE p."endpointId" = m."endpointId"
  AND p."subscriptionId" = m."subscriptionId" AND p."state" = 'pending' AND p."id" < m."id")`;

/** Claims up to `limit` due messages (minus those already in flight for the endpoint), oldest first. */
export async function claimDueMessages(
  endpointId: string,
  options: { now: Date; limit: number; timeoutMs: number },
): Promise<ClaimedMessage[]> {
  const { now, limit } = options;
  const claimId = randomUUID();
  const until = new Date(now.getTime() + options.timeoutMs + CLAIM_MARGIN_MS);
  return getDb().$queryRaw<ClaimedMessage[]>`
    WITH due AS (
      SELECT m."id" FROM "OutboundMessage" m
      WHERE m."endpointId" = ${endpointId}::uuid AND m."state" = 'pending' AND m."nextAttemptAt" <= ${now}
        AND (m."claimedUntil" IS NULL OR m."claimedUntil" <= ${now}) AND ${HEAD_OF_LINE}
      ORDER BY m."id"
      LIMIT GREATEST(0, ${limit}::int - (SELECT count(*) FROM "OutboundMessage" c
        WHERE c."endpointId" = ${endpointId}::uuid AND c."state" = 'pending' AND c."claimedUntil" > ${now}))
      FOR UPDATE SKIP LOCKED),
    claimed AS (
      UPDATE "OutboundMessage" m SET "claimId" = ${claimId}::uuid, "claimedUntil" = ${until},
        "attempts" = m."attempts" + 1, "firstAttemptAt" = COALESCE(m."firstAttemptAt", ${now})
      FROM due WHERE m."id" = due."id"
      RETURNING m."id", m."eventId", m."attempts", m."firstAttemptAt")
    SELECT c."id"::text AS "id", ${claimId} AS "claimId", c."attempts" AS "attempt", c."firstAttemptAt",
      e."id"::text AS "eventId", e."type", e."at", e."subscriptionId", e."before", e."after"
    FROM claimed c JOIN "Event" e ON e."id" = c."eventId" ORDER BY c."id"`;
}

export type AttemptResult = {
  ok: boolean;
  status: number | null;
  errorKind: string | null;
  error: string | null;
  latencyMs: number;
};

export type RecordPolicy = {
  now: Date;
  /** When to try again after a failure (null: give up, the message is dead). */
  retryAt: Date | null;
  disableAfterMs: number;
  disableAfterFailures: number;
};

export type Recorded = { recorded: boolean; dead: boolean; disabled: string | null };

/** Stores the outcome of one claimed attempt: the log row, the message's state, the endpoint's health. */
export async function recordAttempt(
  endpointId: string,
  message: ClaimedMessage,
  result: AttemptResult,
  policy: RecordPolicy,
): Promise<Recorded> {
  const { now } = policy;
  return inTransaction(async (tx) => {
    const dead = !result.ok && policy.retryAt === null;
    const updated = await tx.outboundMessage.updateMany({
      where: { id: BigInt(message.id), claimId: message.claimId, state: "pending" },
      data: {
        claimId: null,
        claimedUntil: null,
        lastStatus: result.status,
        lastError: result.error,
        ...(result.ok
          ? { state: "delivered", deliveredAt: now }
          : dead
            ? { state: "dead" }
            : { nextAttemptAt: policy.retryAt! }),
      },
    });
    if (!updated.count) return { recorded: false, dead: false, disabled: null };
    await tx.outboundAttempt.create({
      data: {
        messageId: BigInt(message.id),
        endpointId,
        eventId: BigInt(message.eventId),
        attempt: message.attempt,
        at: now,
        httpStatus: result.status,
        errorKind: result.errorKind,
        latencyMs: result.latencyMs,
      },
    });
    const subject = { type: "event_endpoint" as const, id: endpointId };
    const system = { type: "system" as const, id: "events.deliver" };
    if (dead)
      await recordEvent(
        {
          type: "event_delivery.dead_lettered",
          action: "event_delivery.dead_lettered",
          actor: system,
          subject,
          after: {
            eventId: message.eventId,
            webhookId: webhookIdOf(message.eventId),
            attempts: message.attempt,
            lastError: result.error,
          },
        },
        tx,
      );
    if (result.ok) {
      await tx.eventEndpoint.update({
        where: { id: endpointId },
        data: { lastSuccessAt: now, failingSince: null, failuresSinceSuccess: 0 },
      });
      return { recorded: true, dead, disabled: null };
    }
    const [health] = await tx.$queryRaw<{ status: string; failingSince: Date; failures: number }[]>`
      UPDATE "EventEndpoint" SET "failingSince" = COALESCE("failingSince", ${now}), "failuresSinceSuccess" = "failuresSinceSuccess" + 1
      WHERE "id" = ${endpointId}::uuid RETURNING "status"::text AS "status", "failingSince", "failuresSinceSuccess" AS "failures"`;
    const reason =
      result.status === 410
        ? "The receiver answered 410 Gone: it asked not to receive events any more."
        : health &&
            health.failures >= policy.disableAfterFailures &&
            now.getTime() - health.failingSince.getTime() >= policy.disableAfterMs
          ? `No successful delivery since ${health.failingSince.toISOString()} (${health.failures} failed attempts; last: ${result.error ?? "failed"}).`
          : null;
    if (!reason || health?.status !== "active") return { recorded: true, dead, disabled: null };
    await tx.eventEndpoint.update({
      where: { id: endpointId },
      data: { status: "disabled", disabledReason: reason, disabledAt: now },
    });
    await recordEvent(
      { type: "event_endpoint.disabled", action: "event_endpoint.disabled", actor: system, subject, after: { reason } },
      tx,
    );
    return { recorded: true, dead, disabled: reason };
  });
}

/** The earliest time a head-of-line message of the endpoint can be sent (its retry, or a claim's expiry), or null. */
export async function nextDeliveryAt(endpointId: string): Promise<Date | null> {
  const [row] = await getDb().$queryRaw<{ next: Date | null }[]>`
    SELECT min(GREATEST(m."nextAttemptAt", COALESCE(m."claimedUntil", m."nextAttemptAt"))) AS "next"
    FROM "OutboundMessage" m WHERE m."endpointId" = ${endpointId}::uuid AND m."state" = 'pending' AND ${HEAD_OF_LINE}`;
  return row?.next ?? null;
}

/** Active endpoints with a message due by `now` (the sweep wakes their jobs: nothing waits on a lost wake-up). */
export async function endpointsWithDueMessages(now: Date): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    SELECT e."id"::text AS "id" FROM "EventEndpoint" e
    WHERE e."status" = 'active' AND e."deletedAt" IS NULL AND EXISTS (SELECT 1 FROM "OutboundMessage" m
      WHERE m."endpointId" = e."id" AND m."state" = 'pending' AND m."nextAttemptAt" <= ${now}
        AND (m."claimedUntil" IS NULL OR m."claimedUntil" <= ${now}) AND ${HEAD_OF_LINE})`;
  return rows.map((r) => r.id);
}
