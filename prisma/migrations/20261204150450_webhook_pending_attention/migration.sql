-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'Pending';

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "attention" TEXT;
