import "server-only";
import { z } from "zod";
import { pruneIdempotencyKeys } from "@/lib/data/usage-ingest";
import { defineTask, enqueueTask } from "@/lib/jobs/task";
import { readBackUsage } from "./read-back";
import { submitUsage } from "./submit";

/**
 * Metering on the job queue. The hourly tick rolls up the hour that ended and sends it (five minutes past
 * the hour, so that usage posted at the hour's end is in); "Run now" queues the same work at once. Jobs of
 * the queue "metering" run one at a time on the fleet, and the database claims make even two at once safe.
 */

export const meteringSubmitTask = defineTask({
  name: "metering.submit",
  payload: z.looseObject({}),
  schedule: "5 * * * *",
  // A failed run changes nothing that the next one cannot finish: its hours stay pending or claimed.
  maxAttempts: 3,
  async run() {
    await submitUsage();
    await pruneIdempotencyKeys(new Date());
  },
});

/** Queues a submission now (admin "Run now"); at most one waits at a time. */
export function queueUsageSubmission(): Promise<void> {
  return enqueueTask(meteringSubmitTask, {}, { queue: "metering", key: "metering.submit:now" });
}

/** Daily: compares what Microsoft recorded (GET /usageEvents) with what the portal sent. */
export const meteringReadBackTask = defineTask({
  name: "metering.read-back",
  payload: z.looseObject({}),
  schedule: "30 4 * * *",
  maxAttempts: 3,
  async run() {
    await readBackUsage();
  },
});
