// Webhook delivery as Microsoft does it: POST with an Entra-signed bearer token, redelivery with backoff on
// any non-2xx answer or timeout (Microsoft: 500 retries over 8 hours), every attempt recorded.
import type { SimContext } from "../context";
import { newGuid } from "../core/ids";
import type { DeliveryAttempt, DeliveryRecord, OperationRecord, SubscriptionRecord } from "../core/state";
import { rejectByWebhookAnswer } from "../domain/operations";
import { buildPayload } from "./payload";

export type WebhookDispatcher = {
  /** Queues the notification for `op`; `snapshot` is the subscription before the action was applied. */
  notify(op: OperationRecord, snapshot: SubscriptionRecord): DeliveryRecord;
  /** Re-arms deliveries that were pending when the state was saved. */
  resume(): void;
  stop(): void;
};

const MAX_LOG = 2_000;

export function createWebhookDispatcher(ctx: SimContext): WebhookDispatcher {
  const stopping = new AbortController();
  const held = new Map<string, string[]>();

  const deliveries = (): DeliveryRecord[] => ctx.store.state.deliveries;
  const byId = (id: string): DeliveryRecord | undefined => deliveries().find((d) => d.id === id);

  const backoffMs = (attemptsMade: number): number =>
    Math.min(ctx.settings.webhookRetryBaseMs * 2 ** Math.max(0, attemptsMade - 1), ctx.settings.webhookRetryMaxDelayMs);

  const schedule = (delivery: DeliveryRecord, delayMs: number): void => {
    delivery.state = "scheduled";
    delivery.nextAttemptAt = Date.now() + delayMs;
    ctx.timers.after(delayMs, () => attempt(delivery.id));
  };

  async function post(delivery: DeliveryRecord): Promise<DeliveryAttempt> {
    const started = Date.now();
    const record: DeliveryAttempt = {
      number: delivery.attempts.length + 1,
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
    };
    const timeout = AbortSignal.timeout(ctx.settings.webhookTimeoutMs);
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await ctx.tokens.webhookToken()}`,
          "content-type": "application/json; charset=utf-8",
        },
        body: JSON.stringify(delivery.payload),
        signal: AbortSignal.any([timeout, stopping.signal]),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.statusCode = response.status;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      record.error = timeout.aborted
        ? `timeout after ${ctx.settings.webhookTimeoutMs} ms`
        : `network error${cause ? `: ${cause}` : ""}`;
    }
    record.durationMs = Date.now() - started;
    return record;
  }

  async function attempt(id: string): Promise<void> {
    const delivery = byId(id);
    if (!delivery || stopping.signal.aborted || (delivery.state !== "scheduled" && delivery.state !== "held")) return;
    delivery.state = "in-flight";
    delivery.nextAttemptAt = undefined;
    const result = await post(delivery);
    if (stopping.signal.aborted) return;
    delivery.attempts.push(result);
    const status = result.statusCode;
    if (status !== undefined && status >= 200 && status < 300) {
      delivery.state = "delivered";
    } else if (
      status !== undefined &&
      status >= 400 &&
      status < 500 &&
      rejectByWebhookAnswer(ctx, delivery.operationId, status)
    ) {
      // A 4xx within the ACK window is the publisher refusing a ChangePlan/ChangeQuantity: no redelivery.
      delivery.state = "rejected";
    } else if (delivery.attempts.length >= ctx.settings.webhookMaxAttempts) {
      delivery.state = "failed";
    } else {
      schedule(delivery, backoffMs(delivery.attempts.length));
    }
    const outcome = status !== undefined ? `HTTP ${status}` : result.error;
    ctx.log.debug(
      `webhook ${delivery.action} ${delivery.operationId} attempt ${result.number}: ${outcome} → ${delivery.state}`,
    );
    ctx.store.changed();
  }

  async function release(faultId: string): Promise<void> {
    const ids = held.get(faultId);
    if (!ids) return;
    held.delete(faultId);
    // Newest first, one after the other, so the receiver really sees them out of order.
    for (const id of ids.reverse()) await attempt(id);
  }

  const trim = (): void => {
    const list = deliveries();
    while (list.length > MAX_LOG) {
      const index = list.findIndex((d) => d.state !== "scheduled" && d.state !== "in-flight" && d.state !== "held");
      if (index < 0) break;
      list.splice(index, 1);
    }
  };

  return {
    notify(op, snapshot) {
      const delivery: DeliveryRecord = {
        id: newGuid(),
        operationId: op.id,
        subscriptionId: op.subscriptionId,
        action: op.action,
        url: ctx.settings.webhookUrl,
        payload: buildPayload(op, snapshot),
        state: "scheduled",
        attempts: [],
        createdAt: new Date().toISOString(),
      };
      deliveries().push(delivery);
      trim();
      const fault = ctx.faults.takeWebhookFault();
      const delay = ctx.settings.webhookDelayMs;
      if (fault?.kind === "drop") {
        delivery.state = "dropped";
        delivery.fault = "drop";
      } else if (fault?.kind === "duplicate") {
        delivery.fault = "duplicate";
        const copy: DeliveryRecord = { ...delivery, id: newGuid(), attempts: [], copyOf: delivery.id };
        deliveries().push(copy);
        schedule(delivery, delay);
        schedule(copy, delay + 25);
      } else if (fault?.kind === "reorder") {
        delivery.fault = "reorder";
        delivery.state = "held";
        const group = held.get(fault.id) ?? [];
        group.push(delivery.id);
        held.set(fault.id, group);
        if (fault.remaining === 0) ctx.timers.after(delay, () => release(fault.id));
        else if (group.length === 1) ctx.timers.after(fault.holdMs, () => release(fault.id));
      } else {
        schedule(delivery, delay);
      }
      ctx.store.changed();
      return delivery;
    },
    resume() {
      for (const delivery of deliveries()) {
        if (delivery.state === "scheduled" || delivery.state === "in-flight" || delivery.state === "held") {
          schedule(delivery, Math.max(0, (delivery.nextAttemptAt ?? Date.now()) - Date.now()));
        }
      }
    },
    stop() {
      stopping.abort();
    },
  };
}
