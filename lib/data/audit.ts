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

export type AuditRecord = {
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
};

const json = (value: unknown) => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue));

/** Appends an audit entry. Pass the transaction that makes the change, so both land or neither. */
export async function recordAudit(entry: AuditInput, db: Db = getDb()): Promise<void> {
  const { actor } = entry;
  await db.auditEntry.create({
    data: {
      actorType: actor.type,
      actorId: actor.type === "microsoft" ? "marketplace" : actor.id,
      actorLabel: actor.type === "system" ? null : (actor.label ?? null),
      action: entry.action,
      subjectType: entry.subject.type,
      subjectId: entry.subject.id,
      before: json(entry.before),
      after: json(entry.after),
      requestId: currentRequestId() ?? null,
    },
  });
}

/** The audit trail of one subject, newest first. */
export async function listAuditFor(subjectType: AuditInput["subject"]["type"], subjectId: string, limit = 200): Promise<AuditRecord[]> {
  const rows = await getDb().auditEntry.findMany({ where: { subjectType, subjectId }, orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
