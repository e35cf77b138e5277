-- AlterTable
ALTER TABLE "DeliveryDispatch" ADD COLUMN     "traceparent" TEXT;
