import "server-only";
import { getDb, type Db } from "@/lib/db";
import type { DeliveryStatus, Prisma, WebhookDelivery } from "@/generated/prisma/client";

export type { DeliveryStatus };
export type DeliveryRecord = WebhookDelivery;

/**
 * Records a webhook delivery in the inbox. The first delivery of an operation inserts it; every later
 * one (Microsoft retries, duplicates, two at the same moment) only counts an attempt. The unique index
 * on operationId decides, not process memory, so this holds across portal instances.
 */
export async function recordDelivery(
  input: { operationId: string; subscriptionId: string | null; action: string; payload: Prisma.InputJsonValue },
  db: Db = getDb(),
): Promise<{ delivery: DeliveryRecord; firstDelivery: boolean }> {
  const payload = JSON.stringify(input.payload);
  const rows = await db.$queryRaw<(DeliveryRecord & { inserted: boolean })[]>`
    INSERT INTO "WebhookDelivery" ("id", "operationId", "subscriptionId", "action", "payload")
    VALUES (gen_random_uuid(), ${input.operationId}, ${input.subscriptionId}, ${input.action}, ${payload}::jsonb)
    ON CONFLICT ("operationId") DO UPDATE
      SET "attempts" = "WebhookDelivery"."attempts" + 1, "lastAttemptAt" = CURRENT_TIMESTAMP
    RETURNING *, (xmax = 0) AS inserted`;
  const row = rows[0];
  if (!row) throw new Error("recordDelivery: the insert returned no row");
  const { inserted, ...delivery } = row;
  return { delivery, firstDelivery: inserted };
}

export async function setDeliveryOutcome(id: string, status: DeliveryStatus, outcome: string, db: Db = getDb()): Promise<void> {
  await db.webhookDelivery.update({ where: { id }, data: { status, outcome } });
}

export function getDeliveryByOperation(operationId: string, db: Db = getDb()): Promise<DeliveryRecord | null> {
  return db.webhookDelivery.findUnique({ where: { operationId } });
}

export async function listDeliveries(options: { status?: DeliveryStatus; subscriptionId?: string; limit?: number; cursor?: string } = {}) {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const items = await getDb().webhookDelivery.findMany({
    where: { status: options.status, subscriptionId: options.subscriptionId },
    orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
    take: limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const hasMore = items.length > limit;
  const page = hasMore ? items.slice(0, limit) : items;
  return { items: page, nextCursor: hasMore ? page[page.length - 1]?.id : undefined };
}
