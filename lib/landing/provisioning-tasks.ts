import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { defineTask, enqueueTask } from "@/lib/jobs/task";
import { activateProvisioned } from "./provisioned-activation";

/**
 * The provisioning gate's activation, on the job queue: queued with the ISV's `provisioned` answer (same
 * transaction), run by any instance, retried with the queue's exponential backoff while Microsoft fails
 * (20 attempts: about three days, well inside Microsoft's 30 days). One job per subscription (its key).
 */
export const activateProvisionedTask = defineTask({
  name: "provisioning.activate",
  payload: z.object({ subscriptionId: z.string().min(1) }),
  maxAttempts: 20,
  async run({ subscriptionId }) {
    await activateProvisioned(subscriptionId);
  },
});

/** Queues the activation in `tx` (the answer's transaction); a job already waiting for it keeps its place. */
export function enqueueProvisionedActivation(subscriptionId: string, tx: Db): Promise<void> {
  return enqueueTask(
    activateProvisionedTask,
    { subscriptionId },
    { key: `provisioning.activate:${subscriptionId}`, keyMode: "preserve_run_at" },
    tx,
  );
}
