import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Actor, EventSubject, EventType, NewEvent } from "@/lib/domain/events";
import { EVENT_VERSION } from "@/lib/domain/events";
import { getDb, type Db } from "@/lib/db";
import { currentRequestId } from "@/lib/log";

export type { Actor, NewEvent };

/**
 * The event feed (the Event table), which is also the audit trail. Every writer goes through here, inside
 * the transaction (or the statement) that makes the change: both are committed or neither. Multi-row
 * writers (reconciliation, the webhook's one-statement store) insert the rows `eventRow` makes with
 * `eventInsert`, the same columns recordEvent writes.
 */

/** An event as the columns it is stored in (without the label and the time). */
export type EventRow = {
  type: EventType;
  version: number;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  subscriptionId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
};

/** A stored event, as the audit trail reads it. */
export type EventRecord = EventRow & { id: string; at: Date; actorLabel: string | null };
/** The audit trail's name for it (tests and pages written before the feed). */
export type AuditRecord = EventRecord;

const json = (value: unknown) =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

/** What recordEvent stores for `event`: Microsoft is the actor "marketplace"; before/after as JSON (absent = null). */
export function eventRow(event: NewEvent, requestId: string | null = currentRequestId() ?? null): EventRow {
  const { actor, subject } = event;
  return {
    type: event.type,
    version: EVENT_VERSION,
    actorType: actor.type,
    actorId: actor.type === "microsoft" ? "marketplace" : actor.id,
    action: event.action,
    subjectType: subject.type,
    subjectId: subject.id,
    subscriptionId: subject.type === "subscription" ? subject.id : null,
    before: json(event.before) ?? null,
    after: json(event.after) ?? null,
    requestId,
  };
}

const actorLabel = (actor: Actor) => (actor.type === "system" ? null : (actor.label ?? null));

/** Appends an event and returns its id. Pass the transaction that makes the change, so both land or neither. */
export async function recordEvent(event: NewEvent, db: Db = getDb()): Promise<string> {
  const { before, after, ...row } = eventRow(event);
  const created = await db.event.create({
    select: { id: true },
    data: {
      ...row,
      actorLabel: actorLabel(event.actor),
      before: (before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (after ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
  return created.id.toString();
}

/** `INSERT INTO "Event" … SELECT … FROM <the rows>`: a statement, or the body of a CTE (then followed by `WHERE …`). */
export function eventInsert(rows: readonly EventRow[], now: Date): Prisma.Sql {
  // before/after travel as JSON values; JSON null becomes SQL NULL, as recordEvent's `undefined` does.
  return Prisma.sql`
    INSERT INTO "Event" ("at", "type", "version", "actorType", "actorId", "actorLabel", "action", "subjectType", "subjectId", "subscriptionId", "before", "after", "requestId")
    SELECT ${now.toISOString()}::timestamp(3), r."type", r."version", r."actorType", r."actorId", NULL, r."action", r."subjectType", r."subjectId", r."subscriptionId",
      NULLIF(r."before", 'null'::jsonb), NULLIF(r."after", 'null'::jsonb), r."requestId"
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r("type" text, "version" int, "actorType" text, "actorId" text, "action" text, "subjectType" text,
      "subjectId" text, "subscriptionId" text, "before" jsonb, "after" jsonb, "requestId" text)`;
}

/** Appends events, one statement for all. */
export async function insertEvents(db: Db, rows: readonly EventRow[], now: Date): Promise<void> {
  if (rows.length) await db.$executeRaw`${eventInsert(rows, now)}`;
}

/** Whether this actor already has an event of this action on the subject (to record something once per person). */
export async function hasEventBy(subject: EventSubject, action: string, actorId: string): Promise<boolean> {
  return (
    (await getDb().event.findFirst({
      where: { subjectType: subject.type, subjectId: subject.id, action, actorId },
      select: { id: true },
    })) !== null
  );
}

/** The audit trail of one subject, newest first. */
export async function listAuditFor(
  subjectType: EventSubject["type"],
  subjectId: string,
  limit = 200,
): Promise<EventRecord[]> {
  const rows = await getDb().event.findMany({
    where: { subjectType, subjectId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((r) => ({ ...r, id: r.id.toString(), type: r.type as EventType }));
}
