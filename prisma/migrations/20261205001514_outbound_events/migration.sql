-- CreateEnum
CREATE TYPE "EventEndpointStatus" AS ENUM ('active', 'paused', 'disabled');

-- CreateEnum
CREATE TYPE "OutboundMessageState" AS ENUM ('pending', 'delivered', 'dead');

-- CreateTable
CREATE TABLE "EventEndpoint" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "eventTypes" TEXT[],
    "secret" TEXT NOT NULL,
    "previousSecret" TEXT,
    "previousSecretExpiresAt" TIMESTAMP(3),
    "status" "EventEndpointStatus" NOT NULL DEFAULT 'active',
    "disabledReason" TEXT,
    "disabledAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "failingSince" TIMESTAMP(3),
    "failuresSinceSuccess" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByLabel" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" BIGSERIAL NOT NULL,
    "endpointId" UUID NOT NULL,
    "eventId" BIGINT NOT NULL,
    "subscriptionId" TEXT,
    "state" "OutboundMessageState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstAttemptAt" TIMESTAMP(3),
    "claimId" UUID,
    "claimedUntil" TIMESTAMP(3),
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundAttempt" (
    "id" BIGSERIAL NOT NULL,
    "messageId" BIGINT NOT NULL,
    "endpointId" UUID NOT NULL,
    "eventId" BIGINT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "httpStatus" INTEGER,
    "errorKind" TEXT,
    "latencyMs" INTEGER NOT NULL,

    CONSTRAINT "OutboundAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EventEndpoint_createdAt_idx" ON "EventEndpoint"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "OutboundMessage_endpointId_state_id_idx" ON "OutboundMessage"("endpointId", "state", "id");

-- CreateIndex
CREATE INDEX "OutboundMessage_endpointId_subscriptionId_id_idx" ON "OutboundMessage"("endpointId", "subscriptionId", "id");

-- CreateIndex
CREATE INDEX "OutboundAttempt_endpointId_id_idx" ON "OutboundAttempt"("endpointId", "id" DESC);

-- CreateIndex
CREATE INDEX "OutboundAttempt_messageId_idx" ON "OutboundAttempt"("messageId");

-- AddForeignKey
ALTER TABLE "OutboundMessage" ADD CONSTRAINT "OutboundMessage_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "EventEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma does not model triggers): the fan-out of the event feed to the endpoints, in the
-- transaction of the change, without a cursor. Per statement, with the inserted events as a transition
-- table (the pattern of overview_tallies_per_statement): a batch of events costs one call. With no
-- endpoint it is one lookup in a tiny table; with endpoints, one message per (event × endpoint subscribed
-- to its type), paused and disabled endpoints included (their messages wait), and one wake-up per active
-- endpoint that got any: graphile_worker.add_job with the endpoint's job key (wake-ups coalesce into one
-- pending job) and named queue (one run per endpoint at a time, across every instance). The job is added
-- in this same transaction, so it cannot run before the messages it is for are visible.
CREATE FUNCTION "outbound_fan_out"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  woken integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "EventEndpoint" WHERE "deletedAt" IS NULL) THEN
    RETURN NULL;
  END IF;
  WITH queued AS (
    INSERT INTO "OutboundMessage" ("endpointId", "eventId", "subscriptionId")
      SELECT e."id", n."id", n."subscriptionId"
      FROM new_events n JOIN "EventEndpoint" e ON e."deletedAt" IS NULL AND n."type" = ANY (e."eventTypes")
      ORDER BY n."id", e."id"
    RETURNING "endpointId")
  SELECT count(graphile_worker.add_job('events.deliver', json_build_object('endpointId', e."id"),
      queue_name => 'events.deliver:' || e."id", job_key => 'events.deliver:' || e."id")) INTO woken
    FROM "EventEndpoint" e WHERE e."status" = 'active' AND e."id" IN (SELECT "endpointId" FROM queued);
  RETURN NULL;
END $$;

CREATE TRIGGER "Event_outbound_fan_out" AFTER INSERT ON "Event"
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION "outbound_fan_out"();
