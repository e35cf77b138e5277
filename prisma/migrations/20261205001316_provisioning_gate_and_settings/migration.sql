-- CreateEnum
CREATE TYPE "ProvisioningStatus" AS ENUM ('Requested', 'Provisioned', 'Failed');

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "provisioningAnsweredAt" TIMESTAMP(3),
ADD COLUMN     "provisioningBuyerMessage" TEXT,
ADD COLUMN     "provisioningDetails" JSONB,
ADD COLUMN     "provisioningFailureReason" TEXT,
ADD COLUMN     "provisioningRequestedAt" TIMESTAMP(3),
ADD COLUMN     "provisioningRequestedById" UUID,
ADD COLUMN     "provisioningStatus" "ProvisioningStatus";

-- CreateTable
CREATE TABLE "PortalSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" UUID,
    "updatedByLabel" TEXT,

    CONSTRAINT "PortalSetting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Subscription_provisioningStatus_provisioningRequestedAt_idx" ON "Subscription"("provisioningStatus", "provisioningRequestedAt");
