-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "activatedOutsidePurchase" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "activationClaimDetails" JSONB,
ADD COLUMN     "activationClaimedById" UUID;

-- CreateTable
CREATE TABLE "LandingResolveBudget" (
    "userId" UUID NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LandingResolveBudget_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "RefusedPurchaseToken" (
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RefusedPurchaseToken_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "RefusedPurchaseToken_expiresAt_idx" ON "RefusedPurchaseToken"("expiresAt");
