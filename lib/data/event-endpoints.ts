import "server-only";
import type { EventEndpoint } from "@/generated/prisma/client";
import { getDb, inTransaction, type Db } from "@/lib/db";
import type { Actor } from "@/lib/domain/events";
import type { EndpointChange, EndpointStatus, NewEndpoint } from "@/lib/domain/outbound-events";
import { generateEndpointSecret } from "@/lib/domain/outbound-secret";
import { recordEvent } from "./events";
import { wakeDelivery } from "./outbound-jobs";

/**
 * Outbound-event endpoints (the EventEndpoint table). The signing secret leaves this module only in the
 * answer to a creation or a rotation (for the owner, once) and to the sender (`signingSecrets`); lists,
 * events and logs never carry it. Every change is an event of the feed, in the same transaction.
 */

/** After a rotation, the previous secret still signs for this long, so that receivers can switch at their pace. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 3_600_000;

export type EndpointRecord = {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  status: EndpointStatus;
  disabledReason: string | null;
  disabledAt: Date | null;
  lastSuccessAt: Date | null;
  failingSince: Date | null;
  failuresSinceSuccess: number;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  createdByLabel: string | null;
  pendingMessages: number;
};

/** The owner (or API key) making a change, as events record it. */
export type EndpointManager = { actor: Actor; label: string | null };

const SUBJECT = (id: string) => ({ type: "event_endpoint" as const, id });
const publicFields = (e: Pick<EventEndpoint, "name" | "url" | "eventTypes">) => ({
  name: e.name,
  url: e.url,
  eventTypes: e.eventTypes,
});

function toRecord(row: EventEndpoint, pendingMessages: number): EndpointRecord {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    eventTypes: row.eventTypes,
    status: row.status,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    lastSuccessAt: row.lastSuccessAt,
    failingSince: row.failingSince,
    failuresSinceSuccess: row.failuresSinceSuccess,
    previousSecretExpiresAt: row.previousSecretExpiresAt,
    createdAt: row.createdAt,
    createdByLabel: row.createdByLabel,
    pendingMessages,
  };
}

async function pendingCounts(ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await getDb().outboundMessage.groupBy({
    by: ["endpointId"],
    where: { endpointId: { in: ids }, state: "pending" },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.endpointId, r._count._all]));
}

/** Registers an endpoint with a new secret; returns the secret (the only time it leaves the portal but in signatures). */
export async function createEndpoint(
  input: NewEndpoint,
  by: EndpointManager,
): Promise<{ secret: string; record: EndpointRecord }> {
  const secret = generateEndpointSecret();
  const row = await inTransaction(async (tx) => {
    const created = await tx.eventEndpoint.create({
      data: { ...input, secret, createdByLabel: by.label },
    });
    await recordEvent(
      {
        type: "event_endpoint.created",
        action: "event_endpoint.created",
        actor: by.actor,
        subject: SUBJECT(created.id),
        after: publicFields(created),
      },
      tx,
    );
    return created;
  });
  return { secret, record: toRecord(row, 0) };
}

export async function listEndpoints(): Promise<EndpointRecord[]> {
  const rows = await getDb().eventEndpoint.findMany({ where: { deletedAt: null }, orderBy: { createdAt: "desc" } });
  const counts = await pendingCounts(rows.map((r) => r.id));
  return rows.map((r) => toRecord(r, counts.get(r.id) ?? 0));
}

export async function getEndpoint(id: string): Promise<EndpointRecord | null> {
  const row = await getDb().eventEndpoint.findFirst({ where: { id, deletedAt: null } });
  return row ? toRecord(row, (await pendingCounts([id])).get(id) ?? 0) : null;
}

/**
 * Changes name, URL, types or status (active ⇄ paused; active also re-enables a disabled endpoint, with a
 * clean failure count so that one more failure does not disable it again at once). Returns null when the
 * endpoint does not exist. Queued messages flow again from the next run, which a resume starts.
 */
export async function updateEndpoint(
  id: string,
  change: EndpointChange,
  by: EndpointManager,
): Promise<EndpointRecord | null> {
  const row = await inTransaction(async (tx) => {
    const current = (
      await tx.$queryRaw<
        EventEndpoint[]
      >`SELECT * FROM "EventEndpoint" WHERE "id" = ${id}::uuid AND "deletedAt" IS NULL FOR UPDATE`
    )[0];
    if (!current) return null;
    const resumed = change.status === "active" && current.status !== "active";
    const updated = await tx.eventEndpoint.update({
      where: { id },
      data: {
        ...change,
        ...(resumed ? { disabledReason: null, disabledAt: null, failingSince: null, failuresSinceSuccess: 0 } : {}),
      },
    });
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of Object.keys(change) as (keyof EndpointChange)[]) {
      if (JSON.stringify(current[key]) === JSON.stringify(updated[key])) continue;
      before[key] = current[key];
      after[key] = updated[key];
    }
    if (Object.keys(after).length)
      await recordEvent(
        {
          type: "event_endpoint.updated",
          action: resumed ? "event_endpoint.resumed" : "event_endpoint.updated",
          actor: by.actor,
          subject: SUBJECT(id),
          before,
          after,
        },
        tx,
      );
    if (resumed) await wakeDelivery(id, new Date(), tx);
    return updated;
  });
  return row ? toRecord(row, (await pendingCounts([id])).get(id) ?? 0) : null;
}

/** A new secret; the previous one keeps signing for PREVIOUS_SECRET_TTL_MS. Returns the new secret, or null. */
export async function rotateEndpointSecret(id: string, by: EndpointManager, now = new Date()): Promise<string | null> {
  const secret = generateEndpointSecret();
  return inTransaction(async (tx) => {
    const current = (
      await tx.$queryRaw<
        EventEndpoint[]
      >`SELECT * FROM "EventEndpoint" WHERE "id" = ${id}::uuid AND "deletedAt" IS NULL FOR UPDATE`
    )[0];
    if (!current) return null;
    const previousSecretExpiresAt = new Date(now.getTime() + PREVIOUS_SECRET_TTL_MS);
    await tx.eventEndpoint.update({
      where: { id },
      data: { secret, previousSecret: current.secret, previousSecretExpiresAt },
    });
    await recordEvent(
      {
        type: "event_endpoint.updated",
        action: "event_endpoint.secret_rotated",
        actor: by.actor,
        subject: SUBJECT(id),
        after: { previousSecretExpiresAt },
      },
      tx,
    );
    return secret;
  });
}

/** Deletes an endpoint: it receives nothing more, its queued messages are dropped, its delivery log stays. */
export async function deleteEndpoint(id: string, by: EndpointManager): Promise<boolean> {
  return inTransaction(async (tx) => {
    const deleted = await tx.eventEndpoint.updateMany({
      where: { id, deletedAt: null },
      data: { deletedAt: new Date() },
    });
    if (!deleted.count) return false;
    const dropped = await tx.outboundMessage.deleteMany({ where: { endpointId: id, state: "pending" } });
    await recordEvent(
      {
        type: "event_endpoint.deleted",
        action: "event_endpoint.deleted",
        actor: by.actor,
        subject: SUBJECT(id),
        after: { droppedMessages: dropped.count },
      },
      tx,
    );
    return true;
  });
}

/** What the sender needs: where, and the secrets that sign now (the previous one until it expires). */
export async function endpointForDelivery(
  id: string,
  now: Date,
  db: Db = getDb(),
): Promise<{ url: string; status: EndpointStatus; secrets: string[] } | null> {
  const row = await db.eventEndpoint.findFirst({ where: { id, deletedAt: null } });
  if (!row) return null;
  const previous =
    row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? [row.previousSecret] : [];
  return { url: row.url, status: row.status, secrets: [row.secret, ...previous] };
}
