import "server-only";
import { z } from "zod";
import { requeueOrphanedDeliveries } from "@/lib/data/webhook-queue";
import { defineTask } from "@/lib/jobs/task";
import { log } from "@/lib/log";
import { APPLY_TASK, deliveryJob, WEBHOOK_MAX_ATTEMPTS } from "./queue";
import { workOnDelivery } from "./work";

/** Applies one delivery of Microsoft's webhook after its 200 (work.ts); added with the delivery (receive.ts). */
export const applyDeliveryTask = defineTask({
  name: APPLY_TASK,
  payload: z.object({ deliveryId: z.uuid() }),
  maxAttempts: WEBHOOK_MAX_ATTEMPTS,
  async run({ deliveryId }, job) {
    await workOnDelivery(deliveryId, job);
  },
});

/** A delivery is Queued or Running with no job for this long only if it lost it (or predates the queue). */
const ORPHANED_AFTER_MS = 2 * 60_000;

/** Every minute, on one instance: deliveries left without a job are queued again (nothing received is lost). */
export const requeueOrphansTask = defineTask({
  name: "webhook.requeue_orphans",
  payload: z.object({}).passthrough(),
  schedule: "* * * * *",
  maxAttempts: 1,
  async run() {
    const count = await requeueOrphanedDeliveries(deliveryJob(undefined), ORPHANED_AFTER_MS);
    if (count) log.warn({ count }, "webhook deliveries without a job were queued again");
  },
});
