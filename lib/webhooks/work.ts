import "server-only";
import { recordAttempt } from "@/lib/data/deliveries";
import { deferDelivery, GIVE_UP_ATTENTION, startDeliveryWork } from "@/lib/data/webhook-queue";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { applyDelivery, attemptOf } from "./apply";
import { runInBackground } from "./background";
import { WEBHOOK_BUDGET_MS } from "./microsoft";
import { parsePayload } from "./payload";
import { awaitsDecision, deliveryJob } from "./queue";
import type { AttemptContext } from "./result";
import { NOT_VISIBLE_YET } from "./verdict";

/**
 * A worker's attempt at one delivery (the `webhook.apply` job, tasks.ts), after Microsoft got its 200.
 *
 * 1. Take it over (Queued → Running). Settled already (an earlier job or an owner's re-run): nothing to do.
 * 2. Microsoft's order per subscription: a delivery waits while an earlier one of its subscription is not
 *    applied yet (queued, retrying or running on another instance), and is looked at again later. A
 *    customer's change awaiting the publisher's answer does not wait: its 10-second window cannot, and its
 *    decision reads Microsoft's current state, which the one writer stores in Microsoft's order anyway.
 * 3. Apply it (apply.ts). Failed (Microsoft or the database unreachable, state not visible yet) goes back
 *    to Queued and the job throws, so that the queue retries with backoff; on the last attempt it stays
 *    Failed and is flagged for an owner, who can re-run it.
 */

export class RetryLater extends Error {
  override name = "RetryLater";
}

/** Microsoft's window is counted from receipt; once it has passed, Microsoft has decided on its own. */
const MIN_WINDOW_LEFT_MS = 1_000;

export async function workOnDelivery(deliveryId: string, job: { attempt: number; maxAttempts: number }): Promise<void> {
  const startedAt = Date.now();
  const taken = await startDeliveryWork(deliveryId, NOT_VISIBLE_YET);
  if (!taken) return;
  const { delivery, subscription, earlier } = taken;
  const context: AttemptContext = { source: "queue", startedAt, windowFrom: startedAt };
  const parsed = parsePayload(JSON.stringify(delivery.payload));
  if (!parsed.ok) {
    // The route refused unusable payloads; one stored by an older version may still not parse.
    const outcome = `The stored payload is not usable (${parsed.problem}).`;
    await recordAttempt(attemptOf(delivery.id, context, { outcome }), { status: "Refused", outcome });
    metrics().webhookDeliveries.inc({ outcome: "Refused" });
    return;
  }
  const { payload } = parsed;
  const deciding = awaitsDecision(payload);
  if (!deciding) {
    if (earlier) {
      // (Not behind one that waits for a later delivery to explain it: that would wait on itself.)
      // Looked at again sooner while the wait is young, at most once a minute when it lasts (retries for hours).
      const waited = Date.now() - delivery.receivedAt.getTime();
      const delayMs = Math.min(60_000, Math.max(500, waited / 10));
      await deferDelivery(delivery.id, deliveryJob(payload), delayMs);
      log.info(
        { operationId: delivery.operationId, waitsFor: earlier.operationId, status: earlier.status, delayMs },
        "webhook delivery waits for an earlier one of its subscription",
      );
      return;
    }
  }
  const receivedAt = delivery.receivedAt.getTime();
  if (deciding && receivedAt + WEBHOOK_BUDGET_MS - startedAt > MIN_WINDOW_LEFT_MS) context.windowFrom = receivedAt;

  const result = await applyDelivery(delivery, payload, context, subscription);
  if (result.status === "Failed") {
    const last = job.attempt >= job.maxAttempts;
    const outcome = last
      ? `${result.outcome} The queue gave up after ${job.attempt} attempts; an owner can re-run it, and reconciliation compares the subscription meanwhile.`
      : `${result.outcome} Attempt ${job.attempt} of ${job.maxAttempts}; the queue retries it in about ${retryDelayText(job.attempt)}.`;
    await recordAttempt(attemptOf(delivery.id, context, { outcome }), {
      status: last ? "Failed" : "Queued",
      outcome,
      attention: last
        ? `${GIVE_UP_ATTENTION} ${job.attempt} attempts over ${sinceText(receivedAt)}: ${result.outcome} Re-run it once Microsoft and the database answer.`
        : result.attention,
    });
    metrics().webhookDeliveries.inc({ outcome: last ? "Failed" : "Retrying" });
    if (!last) throw new RetryLater(result.outcome);
    log.error({ operationId: delivery.operationId, attempts: job.attempt }, "webhook delivery given up by the queue");
    return;
  }
  if (!result.recorded)
    await recordAttempt(attemptOf(delivery.id, context, result), {
      status: result.status,
      outcome: result.outcome,
      attention: result.attention,
    });
  if (result.followUp) runInBackground("webhook follow-up", result.followUp);
  metrics().webhookDeliveries.inc({ outcome: result.status });
  metrics().webhookReceiptToDoneSeconds.observe((Date.now() - receivedAt) / 1000);
  log.info(
    {
      operationId: delivery.operationId,
      subscriptionId: delivery.subscriptionId,
      action: delivery.action,
      status: result.status,
      receiptToDoneMs: Date.now() - receivedAt,
    },
    "webhook delivery applied",
  );
}

/** Graphile Worker waits e^attempt seconds (at most e^10) before the next attempt. */
function retryDelayText(attempt: number): string {
  const seconds = Math.exp(Math.min(attempt, 10));
  return seconds < 90
    ? `${Math.round(seconds)} s`
    : seconds < 5400
      ? `${Math.round(seconds / 60)} min`
      : `${Math.round(seconds / 3600)} h`;
}

function sinceText(from: number): string {
  const minutes = Math.round((Date.now() - from) / 60_000);
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}
