-- DropIndex
DROP INDEX "Subscription_name_idx";

-- CreateIndex
CREATE INDEX "Subscription_name_id_idx" ON "Subscription"("name", "id");

-- CreateIndex
CREATE INDEX "Subscription_status_id_idx" ON "Subscription"("status", "id");

-- CreateIndex
CREATE INDEX "Subscription_quantity_id_idx" ON "Subscription"("quantity", "id");
