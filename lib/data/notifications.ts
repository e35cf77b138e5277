import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { getDb, type Db } from "@/lib/db";
import type { CauseEvent, CauseSubscription } from "@/lib/notifications/render";
import type { NotificationRuleKind } from "@/lib/notifications/rules";

/**
 * Notifications (fanned out by the triggers of migration *_notifications, or inserted by the daily checks)
 * and their sending. One sender per notification on every instance: a sender claims rows (FOR UPDATE SKIP
 * LOCKED, then a claim id and an expiry) before sending, and records the outcome under its own claim only.
 */

export type ClaimedNotification = {
  id: string;
  claimId: string;
  ruleKind: NotificationRuleKind;
  attempts: number;
  channelIds: string[];
  channelsDone: string[];
  data: unknown;
  createdAt: Date;
  event: CauseEvent | null;
  subscription: CauseSubscription | null;
};

type Row = Omit<ClaimedNotification, "event" | "subscription"> & {
  eventId: string | null;
  eventType: string | null;
  eventAt: Date | null;
  eventSubjectId: string | null;
  eventSubscriptionId: string | null;
  eventBefore: unknown;
  eventAfter: unknown;
  sId: string | null;
  sName: string | null;
  sOfferId: string | null;
  sPlanId: string | null;
  sQuantity: number | null;
  sStatus: string | null;
  sPurchasedAt: Date | null;
  sCreatedAt: Date | null;
};

function toClaimed(r: Row): ClaimedNotification {
  return {
    id: r.id,
    claimId: r.claimId,
    ruleKind: r.ruleKind,
    attempts: r.attempts,
    channelIds: r.channelIds,
    channelsDone: r.channelsDone,
    data: r.data,
    createdAt: r.createdAt,
    event: r.eventId
      ? {
          id: r.eventId,
          type: r.eventType!,
          at: r.eventAt!,
          subjectId: r.eventSubjectId!,
          subscriptionId: r.eventSubscriptionId,
          before: r.eventBefore,
          after: r.eventAfter,
        }
      : null,
    subscription: r.sId
      ? {
          id: r.sId,
          name: r.sName!,
          offerId: r.sOfferId!,
          planId: r.sPlanId!,
          quantity: r.sQuantity,
          status: r.sStatus!,
          purchasedAt: r.sPurchasedAt,
          createdAt: r.sCreatedAt!,
        }
      : null,
  };
}

/**
 * Claims up to `limit` pending notifications of one delivery mode, oldest first, with what they need to be
 * rendered. Immediate: those due now. Digest: those made before `before` (the digest's day).
 */
export async function claimNotifications(options: {
  delivery: "immediate" | "digest";
  now: Date;
  limit: number;
  claimMs: number;
  before?: Date;
}): Promise<ClaimedNotification[]> {
  const { now, limit } = options;
  const claimId = randomUUID();
  const until = new Date(now.getTime() + options.claimMs);
  const when =
    options.delivery === "immediate"
      ? Prisma.sql`n."nextAttemptAt" <= ${now}`
      : Prisma.sql`n."createdAt" < ${options.before ?? now}`;
  const rows = await getDb().$queryRaw<Row[]>`
    WITH due AS (
      SELECT n."id" FROM "Notification" n
      WHERE n."state" = 'pending' AND n."delivery" = ${options.delivery}::"NotificationDelivery" AND ${when}
        AND (n."claimedUntil" IS NULL OR n."claimedUntil" <= ${now})
      ORDER BY n."id" LIMIT ${limit} FOR UPDATE SKIP LOCKED),
    claimed AS (
      UPDATE "Notification" n SET "claimId" = ${claimId}::uuid, "claimedUntil" = ${until}, "attempts" = n."attempts" + 1
      FROM due WHERE n."id" = due."id"
      RETURNING n.*)
    SELECT c."id"::text AS "id", ${claimId} AS "claimId", c."ruleKind", c."attempts", c."channelIds"::text[] AS "channelIds",
      c."channelsDone"::text[] AS "channelsDone", c."data", c."createdAt",
      e."id"::text AS "eventId", e."type" AS "eventType", e."at" AS "eventAt", e."subjectId" AS "eventSubjectId",
      e."subscriptionId" AS "eventSubscriptionId", e."before" AS "eventBefore", e."after" AS "eventAfter",
      s."id" AS "sId", s."name" AS "sName", s."offerId" AS "sOfferId", s."planId" AS "sPlanId", s."quantity" AS "sQuantity",
      s."status"::text AS "sStatus", s."purchasedAt" AS "sPurchasedAt", s."createdAt" AS "sCreatedAt"
    FROM claimed c
    LEFT JOIN "Event" e ON e."id" = c."eventId"
    LEFT JOIN "Subscription" s ON s."id" = COALESCE(e."subscriptionId", c."data"->>'subscriptionId')
    ORDER BY c."id"`;
  return rows.map(toClaimed);
}

export type NotificationOutcome = {
  channelsDone: string[];
  state: "pending" | "sent" | "skipped" | "failed";
  /** When still pending: the next attempt. */
  retryAt?: Date;
  lastError: string | null;
  now: Date;
};

/** Stores an outcome under the sender's claim; false when the claim was lost (expired and taken by another). */
export async function recordNotificationOutcome(
  n: ClaimedNotification,
  outcome: NotificationOutcome,
): Promise<boolean> {
  const updated = await getDb().notification.updateMany({
    where: { id: BigInt(n.id), claimId: n.claimId, state: "pending" },
    data: {
      claimId: null,
      claimedUntil: null,
      channelsDone: outcome.channelsDone,
      state: outcome.state,
      lastError: outcome.lastError,
      ...(outcome.retryAt ? { nextAttemptAt: outcome.retryAt } : {}),
      ...(outcome.state === "sent" ? { sentAt: outcome.now } : {}),
    },
  });
  return updated.count === 1;
}

/**
 * The earliest time a pending immediate notification can be sent: its retry, or the expiry of a claim held
 * by another sender (one in flight, or one that died), so that the next run is not added for a claimed row.
 */
export async function nextNotificationAt(): Promise<Date | null> {
  const [row] = await getDb().$queryRaw<{ next: Date | null }[]>`
    SELECT min(GREATEST("nextAttemptAt", COALESCE("claimedUntil", "nextAttemptAt"))) AS "next"
    FROM "Notification" WHERE "state" = 'pending' AND "delivery" = 'immediate'`;
  return row?.next ?? null;
}

/**
 * Adds the sender's job (keyed: wake-ups coalesce). Now: the pending job moves to now. Later (a retry):
 * only when no pending job runs earlier, so that a far retry never postpones a wake-up.
 */
export async function wakeNotificationSender(runAt?: Date, db: Db = getDb()): Promise<void> {
  if (!runAt) {
    await db.$executeRaw`SELECT graphile_worker.add_job('notifications.send', '{}'::json, job_key => 'notifications.send')`;
    return;
  }
  await db.$executeRaw`SELECT graphile_worker.add_job('notifications.send', '{}'::json, job_key => 'notifications.send', run_at => ${runAt}::timestamptz)
    WHERE NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.key = 'notifications.send' AND j.locked_at IS NULL AND j.run_at <= ${runAt}::timestamptz)`;
}

/**
 * A notification from a scheduled check (no feed event): made once per (rule, key) across every run and
 * instance, only while its rule is on. Returns whether it was new.
 */
export async function addCheckNotification(
  ruleKind: NotificationRuleKind,
  dedupeKey: string,
  data: object,
): Promise<boolean> {
  const rows = await getDb().$queryRaw<{ delivery: string }[]>`
    INSERT INTO "Notification" ("ruleKind", "dedupeKey", "delivery", "channelIds", "data")
      SELECT r."kind", ${dedupeKey}, r."delivery", r."channelIds", ${JSON.stringify(data)}::jsonb
      FROM "NotificationRule" r WHERE r."kind" = ${ruleKind} AND r."enabled"
    ON CONFLICT ("ruleKind", "dedupeKey") DO NOTHING
    RETURNING "delivery"::text AS "delivery"`;
  if (rows[0]?.delivery === "immediate") await wakeNotificationSender();
  return rows.length === 1;
}

/** Purchases still waiting for activation and since when (the PendingPurchase tally). */
export async function listPendingPurchases(): Promise<{ subscriptionId: string; since: Date }[]> {
  return getDb().pendingPurchase.findMany({ select: { subscriptionId: true, since: true }, orderBy: { since: "asc" } });
}

export type NotificationListItem = {
  id: string;
  ruleKind: string;
  delivery: string;
  state: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

export async function listRecentNotifications(limit = 50): Promise<NotificationListItem[]> {
  const rows = await getDb().notification.findMany({
    orderBy: { id: "desc" },
    take: limit,
    select: {
      id: true,
      ruleKind: true,
      delivery: true,
      state: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      sentAt: true,
    },
  });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
