-- CreateEnum
CREATE TYPE "UsageHourState" AS ENUM ('Pending', 'Sending', 'Done', 'Flagged');

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" BIGSERIAL NOT NULL,
    "recordId" TEXT,
    "subscriptionId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "quantity" DOUBLE PRECISION NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "apiKeyId" UUID,
    "usageHourId" UUID,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageIdempotencyKey" (
    "apiKeyId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "answer" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageIdempotencyKey_pkey" PRIMARY KEY ("apiKeyId","key")
);

-- CreateTable
CREATE TABLE "UsageHour" (
    "id" UUID NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "ingested" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "included" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "overage" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "planId" TEXT,
    "termStart" TIMESTAMP(3),
    "state" "UsageHourState" NOT NULL DEFAULT 'Pending',
    "status" TEXT,
    "usageEventId" TEXT,
    "acceptedQuantity" DOUBLE PRECISION,
    "messageTime" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "flagReason" TEXT,
    "note" TEXT,
    "reconStatus" TEXT,
    "reconCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageHour_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "UsageRecord_recordId_key" ON "UsageRecord"("recordId");

-- CreateIndex
CREATE INDEX "UsageRecord_usageHourId_occurredAt_idx" ON "UsageRecord"("usageHourId", "occurredAt");

-- CreateIndex
CREATE INDEX "UsageRecord_subscriptionId_occurredAt_idx" ON "UsageRecord"("subscriptionId", "occurredAt");

-- CreateIndex
CREATE INDEX "UsageIdempotencyKey_createdAt_idx" ON "UsageIdempotencyKey"("createdAt");

-- CreateIndex
CREATE INDEX "UsageHour_state_hourStart_idx" ON "UsageHour"("state", "hourStart");

-- CreateIndex
CREATE INDEX "UsageHour_hourStart_idx" ON "UsageHour"("hourStart");

-- CreateIndex
CREATE UNIQUE INDEX "UsageHour_subscriptionId_dimension_hourStart_key" ON "UsageHour"("subscriptionId", "dimension", "hourStart");
