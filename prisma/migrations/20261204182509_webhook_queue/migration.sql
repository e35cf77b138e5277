-- The webhook is acknowledged on durable receipt and applied from the job queue.
-- A delivery recorded but not yet applied is now Queued (it was Received), and Running while a worker applies it.
-- Deliveries left Received by the previous version are requeued by the sweeper (lib/webhooks/tasks.ts).
ALTER TYPE "DeliveryStatus" RENAME VALUE 'Received' TO 'Queued';
ALTER TYPE "DeliveryStatus" ADD VALUE 'Running' AFTER 'Queued';

-- A worker attempt answers nobody: it has no HTTP status.
ALTER TABLE "WebhookAttempt" ALTER COLUMN "httpStatus" DROP NOT NULL;
