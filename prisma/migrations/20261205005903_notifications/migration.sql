-- CreateEnum
CREATE TYPE "NotificationChannelKind" AS ENUM ('email', 'teams', 'slack');

-- CreateEnum
CREATE TYPE "NotificationDelivery" AS ENUM ('immediate', 'digest');

-- CreateEnum
CREATE TYPE "NotificationState" AS ENUM ('pending', 'sent', 'skipped', 'failed');

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" UUID NOT NULL,
    "kind" "NotificationChannelKind" NOT NULL,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByLabel" TEXT,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "NotificationChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRule" (
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "delivery" "NotificationDelivery" NOT NULL DEFAULT 'immediate',
    "channelIds" UUID[],
    "eventTypes" TEXT[],
    "params" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedByLabel" TEXT,

    CONSTRAINT "NotificationRule_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" BIGSERIAL NOT NULL,
    "ruleKind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "eventId" BIGINT,
    "delivery" "NotificationDelivery" NOT NULL,
    "channelIds" UUID[],
    "channelsDone" UUID[] DEFAULT ARRAY[]::UUID[],
    "data" JSONB,
    "state" "NotificationState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimId" UUID,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CapturedMail" (
    "id" BIGSERIAL NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CapturedMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_state_delivery_nextAttemptAt_idx" ON "Notification"("state", "delivery", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Notification_createdAt_idx" ON "Notification"("createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Notification_ruleKind_dedupeKey_key" ON "Notification"("ruleKind", "dedupeKey");

-- CreateIndex
CREATE INDEX "CapturedMail_createdAt_idx" ON "CapturedMail"("createdAt" DESC);

-- Written by hand (Prisma does not model triggers or seed rows).

-- Every rule exists, off, from the start: the admin page edits rows, and the fan-out reads eventTypes from
-- them (the catalogue in lib/notifications/rules.ts; a save writes its types again).
INSERT INTO "NotificationRule" ("kind", "eventTypes", "params", "updatedAt") VALUES
  ('new_purchase', ARRAY['subscription.created', 'subscription.activated'], '{}', now()),
  ('pending_activation', ARRAY[]::text[], '{"remindDays": 7, "escalateDays": 25}', now()),
  ('suspension', ARRAY['subscription.suspended'], '{}', now()),
  ('cancellation', ARRAY['subscription.unsubscribed'], '{}', now()),
  ('change_refused', ARRAY['webhook.change_decided'], '{}', now()),
  ('webhook_failing', ARRAY[]::text[], '{}', now()),
  ('drift_repaired', ARRAY['subscription.repaired'], '{}', now()),
  ('endpoint_disabled', ARRAY['event_endpoint.disabled'], '{}', now()),
  ('usage_flagged', ARRAY['usage.flagged'], '{}', now()),
  ('credential_expiring', ARRAY[]::text[], '{}', now());

-- Wakes the sender: one keyed job (wake-ups coalesce), added in the transaction that made the notifications,
-- so it cannot run before they are visible.
-- PL/pgSQL: its body is checked when it runs, not when it is created (graphile_worker's schema may come later).
CREATE FUNCTION "notification_wake"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM graphile_worker.add_job('notifications.send', '{}'::json, job_key => 'notifications.send');
END $$;

-- The fan-out of the event feed to the enabled rules, in the transaction of the change and without a cursor
-- (the pattern of outbound_fan_out): per statement, with the inserted events as a transition table. With no
-- rule enabled it is one lookup in a ten-row table. ON CONFLICT: at most one notification per (rule, event).
-- Whether a matching event really concerns the rule (a change decision that refused, not one that accepted)
-- is decided by the sender in TypeScript (lib/notifications/render.ts), which skips the others.
CREATE FUNCTION "notification_fan_out"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  immediate integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "NotificationRule" WHERE "enabled" AND cardinality("eventTypes") > 0) THEN
    RETURN NULL;
  END IF;
  WITH made AS (
    INSERT INTO "Notification" ("ruleKind", "dedupeKey", "eventId", "delivery", "channelIds")
      SELECT r."kind", 'event:' || n."id", n."id", r."delivery", r."channelIds"
      FROM new_events n JOIN "NotificationRule" r ON r."enabled" AND n."type" = ANY (r."eventTypes")
      -- A purchase first seen already active (auto-activated, found by reconciliation) is "activated" with
      -- nothing before it: still a new purchase. Every other activation is not.
      WHERE NOT (r."kind" = 'new_purchase' AND n."type" = 'subscription.activated' AND n."before" IS NOT NULL)
      ORDER BY n."id", r."kind"
    ON CONFLICT ("ruleKind", "dedupeKey") DO NOTHING
    RETURNING "delivery")
  SELECT count(*) INTO immediate FROM made WHERE "delivery" = 'immediate';
  IF immediate > 0 THEN
    PERFORM "notification_wake"();
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Event_notification_fan_out" AFTER INSERT ON "Event"
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION "notification_fan_out"();

-- "Webhook delivery refused or failing" has no event of the feed: a delivery's end is its row's status. The
-- WHEN clause is evaluated without entering PL/pgSQL, so the webhook's hot path (Queued → Running → Applied)
-- pays nothing. One notification per delivery, status and attempt count (a re-run that fails again is news).
CREATE FUNCTION "notification_delivery_failed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rule "NotificationRule"%ROWTYPE;
BEGIN
  SELECT * INTO rule FROM "NotificationRule" WHERE "kind" = 'webhook_failing' AND "enabled";
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO "Notification" ("ruleKind", "dedupeKey", "delivery", "channelIds", "data")
    VALUES (rule."kind", 'delivery:' || NEW."id" || ':' || NEW."status" || ':' || NEW."attempts", rule."delivery",
      rule."channelIds", json_build_object('deliveryId', NEW."id", 'status', NEW."status", 'action', NEW."action",
        'subscriptionId', NEW."subscriptionId", 'outcome', NEW."outcome"))
    ON CONFLICT ("ruleKind", "dedupeKey") DO NOTHING;
  IF FOUND AND rule."delivery" = 'immediate' THEN
    PERFORM "notification_wake"();
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "WebhookDelivery_notification_failed" AFTER INSERT OR UPDATE OF "status" ON "WebhookDelivery"
  FOR EACH ROW WHEN (NEW."status" IN ('Failed', 'Refused')) EXECUTE FUNCTION "notification_delivery_failed"();
