import "server-only";
import { getDb, type Db } from "@/lib/db";
import { currentRequestId } from "@/lib/log";
import type { Prisma } from "@/generated/prisma/client";

export type Actor =
  | { type: "user"; id: string; label?: string | null }
  | { type: "microsoft"; label?: string }
  | { type: "system"; id: string };

export type AuditInput = {
  actor: Actor;
  action: string;
  subject: { type: "subscription" | "delivery" | "operation" | "user" | "plan" | "reconciliation"; id: string };
  before?: unknown;
  after?: unknown;
};


const json = (value: unknown) => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue));

/** An entry as the columns it is stored in (without the label), for multi-row inserts (lib/data/reconciliation-insert.ts). */
export type AuditRow = {
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
};

/** A stored entry, as read back. */
export type AuditRecord = AuditRow & { id: string; at: Date; actorLabel: string | null };

/** What recordAudit stores for `entry`: Microsoft is the actor "marketplace"; before/after as JSON (absent = null). */
export function auditRow(entry: AuditInput, requestId: string | null = currentRequestId() ?? null): AuditRow {
  const { actor } = entry;
  return {
    actorType: actor.type,
    actorId: actor.type === "microsoft" ? "marketplace" : actor.id,
    action: entry.action,
    subjectType: entry.subject.type,
    subjectId: entry.subject.id,
    before: json(entry.before) ?? null,
    after: json(entry.after) ?? null,
    requestId,
  };
}

/** Appends an audit entry. Pass the transaction that makes the change, so both land or neither. */
export async function recordAudit(entry: AuditInput, db: Db = getDb()): Promise<void> {
  const { actor } = entry;
  const { before, after, ...row } = auditRow(entry);
  await db.auditEntry.create({
    data: {
      ...row,
      actorLabel: actor.type === "system" ? null : (actor.label ?? null),
      before: (before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (after ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
}

/** The audit trail of one subject, newest first. */
export async function listAuditFor(subjectType: AuditInput["subject"]["type"], subjectId: string, limit = 200): Promise<AuditRecord[]> {
  const rows = await getDb().auditEntry.findMany({ where: { subjectType, subjectId }, orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
