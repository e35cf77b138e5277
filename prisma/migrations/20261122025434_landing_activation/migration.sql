-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "activationClaimedAt" TIMESTAMP(3),
ADD COLUMN     "buyerDetails" JSONB;
