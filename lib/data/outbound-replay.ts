import "server-only";
import { getDb, inTransaction } from "@/lib/db";
import type { Actor } from "@/lib/domain/events";
import { recordEvent } from "./events";
import { wakeDelivery } from "./outbound-jobs";

/**
 * What owners (and API keys with events:manage) ask of an endpoint's deliveries: replay one event or a
 * time range, send the test event, and read the delivery log. A replay is a new message of the same event
 * (same webhook-id: a receiver that already has it dedupes), queued behind what is pending.
 */

/** The most events one range replay queues (a larger range: replay it in parts). */
export const MAX_REPLAY_EVENTS = 10_000;

export type ReplayRequest = { eventId: string } | { from: Date; to: Date };

/**
 * Queues the event, or every event of the endpoint's types in [from, to), again. Returns how many were
 * queued, or null when the endpoint does not exist.
 */
export async function replayEvents(endpointId: string, request: ReplayRequest, actor: Actor): Promise<number | null> {
  return inTransaction(async (tx) => {
    const endpoint = await tx.eventEndpoint.findFirst({
      where: { id: endpointId, deletedAt: null },
      select: { eventTypes: true },
    });
    if (!endpoint) return null;
    const queued =
      "eventId" in request
        ? await tx.$executeRaw`INSERT INTO "OutboundMessage" ("endpointId", "eventId", "subscriptionId")
            SELECT ${endpointId}::uuid, e."id", e."subscriptionId" FROM "Event" e
            WHERE e."id" = ${BigInt(request.eventId)} AND e."type" = ANY (${endpoint.eventTypes}::text[])`
        : await tx.$executeRaw`INSERT INTO "OutboundMessage" ("endpointId", "eventId", "subscriptionId")
            SELECT ${endpointId}::uuid, e."id", e."subscriptionId" FROM "Event" e
            WHERE e."at" >= ${request.from} AND e."at" < ${request.to} AND e."type" = ANY (${endpoint.eventTypes}::text[])
            ORDER BY e."id" LIMIT ${MAX_REPLAY_EVENTS}`;
    if (!queued) return 0;
    const after =
      "eventId" in request
        ? { eventId: request.eventId, queued }
        : { from: request.from.toISOString(), to: request.to.toISOString(), queued };
    await recordEvent(
      {
        type: "event_delivery.replayed",
        action: "event_delivery.replayed",
        actor,
        subject: { type: "event_endpoint", id: endpointId },
        after,
      },
      tx,
    );
    await wakeDelivery(endpointId, new Date(), tx);
    return queued;
  });
}

/** Queues the test event (type endpoint.test) for this endpoint only; false when it does not exist. */
export async function queueTestEvent(endpointId: string, actor: Actor): Promise<boolean> {
  return inTransaction(async (tx) => {
    const endpoint = await tx.eventEndpoint.findFirst({
      where: { id: endpointId, deletedAt: null },
      select: { id: true },
    });
    if (!endpoint) return false;
    const eventId = await recordEvent(
      {
        type: "event_endpoint.tested",
        action: "event_endpoint.tested",
        actor,
        subject: { type: "event_endpoint", id: endpointId },
        after: {},
      },
      tx,
    );
    await tx.outboundMessage.create({ data: { endpointId, eventId: BigInt(eventId) } });
    await wakeDelivery(endpointId, new Date(), tx);
    return true;
  });
}

export type AttemptRecord = {
  id: string;
  eventId: string;
  eventType: string | null;
  attempt: number;
  at: Date;
  httpStatus: number | null;
  errorKind: string | null;
  latencyMs: number;
};

/** The endpoint's delivery log, newest first, `limit` rows before the attempt id `before` (paging). */
export async function listDeliveryAttempts(
  endpointId: string,
  limit: number,
  before?: string,
): Promise<AttemptRecord[]> {
  const rows = await getDb().outboundAttempt.findMany({
    where: { endpointId, ...(before ? { id: { lt: BigInt(before) } } : {}) },
    orderBy: { id: "desc" },
    take: limit,
  });
  const events = await getDb().event.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.eventId))] } },
    select: { id: true, type: true },
  });
  const types = new Map(events.map((e) => [e.id.toString(), e.type]));
  return rows.map((r) => ({
    id: r.id.toString(),
    eventId: r.eventId.toString(),
    eventType: types.get(r.eventId.toString()) ?? null,
    attempt: r.attempt,
    at: r.at,
    httpStatus: r.httpStatus,
    errorKind: r.errorKind,
    latencyMs: r.latencyMs,
  }));
}
