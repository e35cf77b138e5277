import type { DeliveryJob } from "@/lib/data/webhook-queue";
import { undecided } from "./handlers/change";
import type { WebhookPayload } from "./payload";

/**
 * How a delivery rides the job queue (tasks.ts runs it): one job per delivery, retried by Graphile Worker
 * with exponential backoff (e^attempt seconds: 3 s, 7 s, 20 s, … 6 h), and ahead of the backlog when the
 * publisher's answer is awaited.
 */

export const APPLY_TASK = "webhook.apply";

/**
 * Attempts before the queue gives up and flags the delivery: the pauses between 11 attempts add up to
 * about 9.7 hours, as long as Microsoft itself used to retry a delivery the portal answered 5xx.
 */
export const WEBHOOK_MAX_ATTEMPTS = 11;

/** Lower runs first: a customer's change waits for the publisher's answer within 10 seconds of its receipt. */
export const DECISION_PRIORITY = -10;

/**
 * A customer's plan change, seat change or reinstatement still waiting for the publisher's answer (PATCH
 * Success/Failure within Microsoft's 10-second window). The publisher's own changes (source Partner) and
 * operations Microsoft has closed wait for nothing.
 */
export function awaitsDecision(payload: WebhookPayload): boolean {
  return (
    (payload.action === "ChangePlan" || payload.action === "ChangeQuantity" || payload.action === "Reinstate") &&
    payload.source !== "Partner" &&
    (payload.status === undefined || undecided(payload.status))
  );
}

export function deliveryJob(payload: WebhookPayload | undefined): DeliveryJob {
  return {
    task: APPLY_TASK,
    priority: payload && awaitsDecision(payload) ? DECISION_PRIORITY : 0,
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
  };
}
