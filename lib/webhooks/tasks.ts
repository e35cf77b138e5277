import "server-only";
import { z } from "zod";
import { requeueOrphanedDeliveries } from "@/lib/data/webhook-queue";
import { yieldingToForeground } from "@/lib/jobs/foreground";
import { defineTask } from "@/lib/jobs/task";
import { log } from "@/lib/log";
import { dispatchWaitingDeliveries } from "./dispatch";
import { APPLY_TASK, deliveryJob, WEBHOOK_MAX_ATTEMPTS } from "./queue";
import { workOnDelivery } from "./work";

/** Applies one delivery of Microsoft's webhook after its 200 (work.ts); added with the delivery (receive.ts). */
export const applyDeliveryTask = defineTask({
  name: APPLY_TASK,
  payload: z.object({ deliveryId: z.uuid() }),
  maxAttempts: WEBHOOK_MAX_ATTEMPTS,
  async run({ deliveryId }, job) {
    // A decision (DECISION_PRIORITY) has Microsoft's 10-second window; the rest yields to a burst of answers.
    if (job.priority < 0) await workOnDelivery(deliveryId, job);
    else await yieldingToForeground(() => workOnDelivery(deliveryId, job));
  },
});

/** A delivery is Queued or Running with no job for this long only if it lost it (or predates the queue). */
const ORPHANED_AFTER_MS = 2 * 60_000;

/**
 * Every minute, on one instance, and when a process starts its jobs: deliveries received and not handed to
 * the queue (their receiving process died first) get their jobs, and deliveries left without a job are
 * queued again (nothing received is lost).
 */
export const requeueOrphansTask = defineTask({
  name: "webhook.requeue_orphans",
  payload: z.looseObject({}),
  schedule: "* * * * *",
  atStart: true,
  maxAttempts: 1,
  async run() {
    await dispatchWaitingDeliveries();
    const count = await requeueOrphanedDeliveries(deliveryJob(undefined), ORPHANED_AFTER_MS);
    if (count) log.warn({ count }, "webhook deliveries without a job were queued again");
  },
});
