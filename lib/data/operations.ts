import "server-only";
import { getDb, type Db } from "@/lib/db";
import type { Operation, OperationStatus } from "@/generated/prisma/client";

export type OperationRecord = Operation;
export type { OperationStatus };

export const TERMINAL_OPERATION_STATUSES: readonly OperationStatus[] = ["Succeeded", "Failed", "Conflict"];

/**
 * Records a change the publisher asked Microsoft for (PATCH or DELETE), to be followed to its end. Once:
 * recording it again (tried again after the database dropped the connection) returns the first record.
 */
export function createOperation(
  input: {
    id: string;
    subscriptionId: string;
    action: "ChangePlan" | "ChangeQuantity" | "Unsubscribe";
    targetPlanId?: string;
    targetQuantity?: number;
    requestedById: string;
  },
  db: Db = getDb(),
): Promise<OperationRecord> {
  return db.operation.upsert({ where: { id: input.id }, create: { ...input, status: "InProgress" }, update: {} });
}

/**
 * Stores what Microsoft says about the operation now. `completedNow` is true for exactly one caller:
 * the one that recorded the first terminal status (a conditional update), so that the follow-up work
 * (syncing the subscription, the audit entry) happens once even when several watchers poll at once.
 */
export async function updateOperationStatus(
  id: string,
  status: OperationStatus,
  errorMessage: string | null,
  now = new Date(),
  db: Db = getDb(),
): Promise<{ record: OperationRecord | null; completedNow: boolean }> {
  const terminal = TERMINAL_OPERATION_STATUSES.includes(status);
  let completedNow = false;
  if (terminal) {
    const result = await db.operation.updateMany({
      where: { id, completedAt: null },
      data: { status, errorMessage, lastCheckedAt: now, completedAt: now },
    });
    completedNow = result.count === 1;
  }
  if (!completedNow)
    await db.operation.updateMany({
      where: { id, completedAt: null },
      data: { status, errorMessage, lastCheckedAt: now },
    });
  return { record: await db.operation.findUnique({ where: { id } }), completedNow };
}

export function getOperationRecord(id: string, db: Db = getDb()): Promise<OperationRecord | null> {
  return db.operation.findUnique({ where: { id } });
}

export function listOperationsFor(
  subscriptionId: string,
  db: Db = getDb(),
): Promise<(OperationRecord & { requestedBy: { email: string | null; name: string | null } | null })[]> {
  return db.operation.findMany({
    where: { subscriptionId },
    orderBy: { requestedAt: "desc" },
    take: 100,
    include: { requestedBy: { select: { email: true, name: true } } },
  });
}

/** The publisher's own pending operation on this subscription, if any (Microsoft locks it meanwhile). */
export function findPendingOperation(subscriptionId: string, db: Db = getDb()): Promise<OperationRecord | null> {
  return db.operation.findFirst({
    where: { subscriptionId, status: { in: ["InProgress", "NotStarted"] } },
    orderBy: { requestedAt: "desc" },
  });
}
