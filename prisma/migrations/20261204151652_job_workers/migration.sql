-- CreateTable
CREATE TABLE "JobWorker" (
    "poolId" TEXT NOT NULL,
    "process" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobWorker_pkey" PRIMARY KEY ("poolId")
);

-- CreateIndex
CREATE INDEX "JobWorker_heartbeatAt_idx" ON "JobWorker"("heartbeatAt");
