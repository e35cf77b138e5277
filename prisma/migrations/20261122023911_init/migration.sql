-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('PendingFulfillmentStart', 'Subscribed', 'Suspended', 'Unsubscribed', 'NotStarted');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('Received', 'Applied', 'Ignored', 'Failed', 'Refused');

-- CreateEnum
CREATE TYPE "OperationStatus" AS ENUM ('NotStarted', 'InProgress', 'Succeeded', 'Failed', 'Conflict');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('owner', 'operator', 'viewer');

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "publisherId" TEXT,
    "offerId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "quantity" INTEGER,
    "status" "SubscriptionStatus" NOT NULL,
    "beneficiaryEmail" TEXT,
    "beneficiaryObjectId" TEXT,
    "beneficiaryTenantId" TEXT,
    "purchaserEmail" TEXT,
    "purchaserObjectId" TEXT,
    "purchaserTenantId" TEXT,
    "termStartDate" TIMESTAMP(3),
    "termEndDate" TIMESTAMP(3),
    "termUnit" TEXT,
    "chargeDuration" TEXT,
    "autoRenew" BOOLEAN NOT NULL DEFAULT true,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "isFreeTrial" BOOLEAN NOT NULL DEFAULT false,
    "sandboxType" TEXT NOT NULL DEFAULT 'None',
    "sessionMode" TEXT NOT NULL DEFAULT 'None',
    "allowedCustomerOperations" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "purchasedAt" TIMESTAMP(3),
    "activatedAt" TIMESTAMP(3),
    "activatedById" UUID,
    "lastSyncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" UUID NOT NULL,
    "offerId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT,
    "isPrivate" BOOLEAN NOT NULL DEFAULT false,
    "isPricePerSeat" BOOLEAN NOT NULL DEFAULT false,
    "hasFreeTrials" BOOLEAN NOT NULL DEFAULT false,
    "isStopSell" BOOLEAN NOT NULL DEFAULT false,
    "minQuantity" INTEGER,
    "maxQuantity" INTEGER,
    "market" TEXT,
    "prices" JSONB NOT NULL DEFAULT '[]',
    "meteringDimensions" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "operationId" TEXT NOT NULL,
    "subscriptionId" TEXT,
    "action" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'Received',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "lastAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Operation" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetPlanId" TEXT,
    "targetQuantity" INTEGER,
    "status" "OperationStatus" NOT NULL DEFAULT 'InProgress',
    "requestedById" UUID,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastCheckedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "errorMessage" TEXT,

    CONSTRAINT "Operation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserRole" (
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "grantedById" TEXT,

    CONSTRAINT "UserRole_pkey" PRIMARY KEY ("userId","role")
);

-- CreateIndex
CREATE INDEX "Subscription_status_createdAt_idx" ON "Subscription"("status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Subscription_offerId_planId_idx" ON "Subscription"("offerId", "planId");

-- CreateIndex
CREATE INDEX "Subscription_createdAt_id_idx" ON "Subscription"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Subscription_purchaserEmail_idx" ON "Subscription"("purchaserEmail");

-- CreateIndex
CREATE INDEX "Subscription_beneficiaryEmail_idx" ON "Subscription"("beneficiaryEmail");

-- CreateIndex
CREATE INDEX "Subscription_beneficiaryTenantId_idx" ON "Subscription"("beneficiaryTenantId");

-- CreateIndex
CREATE INDEX "Subscription_purchaserTenantId_idx" ON "Subscription"("purchaserTenantId");

-- CreateIndex
CREATE INDEX "Subscription_name_idx" ON "Subscription"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_offerId_planId_key" ON "Plan"("offerId", "planId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_operationId_key" ON "WebhookDelivery"("operationId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt" DESC);

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_receivedAt_idx" ON "WebhookDelivery"("status", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "WebhookDelivery_subscriptionId_receivedAt_idx" ON "WebhookDelivery"("subscriptionId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "Operation_subscriptionId_requestedAt_idx" ON "Operation"("subscriptionId", "requestedAt" DESC);

-- CreateIndex
CREATE INDEX "Operation_status_requestedAt_idx" ON "Operation"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "AuditEntry_subjectType_subjectId_at_idx" ON "AuditEntry"("subjectType", "subjectId", "at" DESC);

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at" DESC);

-- CreateIndex
CREATE INDEX "User_email_idx" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_tenantId_objectId_key" ON "User"("tenantId", "objectId");

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_activatedById_fkey" FOREIGN KEY ("activatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserRole" ADD CONSTRAINT "UserRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
