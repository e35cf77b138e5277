import "server-only";
import { z } from "zod";
import { TERMINAL_OPERATION_STATUSES } from "@/lib/data/operations";
import { defineTask, enqueueTask } from "@/lib/jobs/task";
import { log } from "@/lib/log";
import { isMarketplaceError } from "@/lib/marketplace";
import { refreshOperation } from "./follow-operation";

/**
 * Following a publisher's operation to its end, on the job queue: one look at Microsoft per job, the next
 * one queued a few seconds later, until Microsoft says it ended or ten minutes have passed (the webhook and
 * reconciliation take over then). Any instance runs it, and a restart does not lose it.
 */

const INTERVAL_MS = 2_000;
const GIVE_UP_AFTER_MS = 10 * 60_000;

export const followOperationTask = defineTask({
  name: "operations.follow",
  payload: z.object({ operationId: z.string().min(1), until: z.iso.datetime() }),
  maxAttempts: 1,
  async run({ operationId, until }) {
    try {
      const record = await refreshOperation(operationId);
      if (!record || TERMINAL_OPERATION_STATUSES.includes(record.status)) return;
    } catch (e) {
      // Transient: look again (the client already retried 429/5xx within the call).
      log.warn(
        { operationId, kind: isMarketplaceError(e) ? e.kind : "error" },
        "could not refresh a publisher operation; will try again",
      );
    }
    if (Date.now() >= Date.parse(until)) {
      log.warn({ operationId }, "stopped following a publisher operation that is still not finished");
      return;
    }
    await enqueueTask(followOperationTask, { operationId, until }, { runAt: new Date(Date.now() + INTERVAL_MS) });
  },
});

/** Starts following an operation (its first look in a few seconds). */
export function enqueueFollow(operationId: string): Promise<void> {
  const until = new Date(Date.now() + GIVE_UP_AFTER_MS).toISOString();
  return enqueueTask(followOperationTask, { operationId, until }, { runAt: new Date(Date.now() + INTERVAL_MS) });
}
