-- CreateTable
CREATE TABLE "DeliveryDispatch" (
    "deliveryId" UUID NOT NULL,
    "priority" SMALLINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveryDispatch_pkey" PRIMARY KEY ("deliveryId")
);
