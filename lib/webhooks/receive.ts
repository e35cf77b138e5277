import "server-only";
import { claimDelivery, getDelivery, recordAttempt, recordDelivery, type DeliveryRecord } from "@/lib/data/deliveries";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { getWebhookTokenValidator } from "@/lib/marketplace";
import type { SubscriptionRecord } from "@/lib/data/subscriptions";
import { applyDelivery, attemptOf } from "./apply";
import { runInBackground } from "./background";
import { readBody } from "./body";
import { WEBHOOK_BUDGET_MS } from "./microsoft";
import { parsePayload } from "./payload";

/**
 * POST /api/webhooks/marketplace, after the route: Microsoft's call, step by step.
 *
 * 1. The body's declared size, then the bearer token (lib/marketplace/webhook-token.ts), before the body
 *    is read or parsed: anyone on the internet can POST here. 413 / 401, no detail in the answer.
 * 2. The body, read once with a size cap, parsed leniently. 400 if it is not a usable payload.
 * 3. The inbox (unique on the operation id): the first delivery applies it; a repeat is acknowledged
 *    without applying it again, unless the earlier attempt failed (or died), in which case it takes over.
 *    A repeat that arrives while another attempt is applying it waits for that attempt and answers as it
 *    ended: 200 once applied (or Pending, Ignored, Refused), 503 if it failed (so that Microsoft keeps
 *    retrying: a 200 here would end Microsoft's retries of an operation that was not applied).
 * 4. apply.ts confirms with Microsoft and applies; every attempt is logged with its answer and duration.
 *    A Pending delivery's follow-up starts once its attempt is recorded.
 */

/** An attempt that started this long ago without finishing is taken to have died (the process crashed). */
export const LEASE_MS = 60_000;

const empty = (status: number, headers?: HeadersInit) => new Response(null, { status, headers });

export async function receiveMarketplaceWebhook(request: Request): Promise<Response> {
  const startedAt = Date.now();
  const { maxBodyBytes } = getEnv().webhook;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBodyBytes) {
    log.warn({ declared: Number(declared), maxBodyBytes }, "webhook refused: body too large");
    return empty(413);
  }
  const token = await getWebhookTokenValidator()(request.headers.get("authorization"));
  if (!token.ok) {
    // The reason goes to the log only; the caller learns nothing. Entra unreachable is not the caller's fault: 503.
    log.warn({ reason: token.reason }, "webhook refused: bearer token not accepted");
    return token.retryable ? empty(503) : empty(401, { "www-authenticate": "Bearer" });
  }
  const body = await readBody(request, maxBodyBytes);
  if (!body.ok) {
    log.warn({ problem: body.problem }, "webhook refused: unreadable body");
    return empty(body.status);
  }
  const parsed = parsePayload(body.text);
  if (!parsed.ok) {
    log.warn({ problem: parsed.problem }, "webhook refused: not a usable Marketplace payload");
    return empty(400);
  }
  const { payload, raw } = parsed;
  const context = { source: "microsoft" as const, startedAt };

  let delivery: DeliveryRecord | null;
  let stored: SubscriptionRecord | null;
  try {
    const received = await recordDelivery({
      operationId: payload.id,
      subscriptionId: payload.subscriptionId,
      action: payload.action,
      payload: raw,
    });
    stored = received.subscription;
    delivery = received.firstDelivery
      ? received.delivery
      : await claimDelivery(received.delivery.id, { from: ["Failed"], leaseMs: LEASE_MS });
    if (!delivery) {
      // Failed a moment ago but not claimable: another attempt has just taken it over. Either way, see how it ends.
      const settled = await settledDelivery(received.delivery.id, startedAt);
      const done = settled.status !== "Received" && settled.status !== "Failed";
      const outcome = done
        ? `Repeat delivery (already ${settled.status}): acknowledged, not applied again.`
        : `Repeat delivery while another attempt was applying it, which ${settled.status === "Failed" ? "failed" : "has not finished"}: Microsoft will retry.`;
      await recordAttempt(attemptOf(received.delivery.id, context, { httpStatus: done ? 200 : 503, outcome }));
      log.info({ operationId: payload.id, action: payload.action, status: settled.status }, "webhook repeat answered");
      return empty(done ? 200 : 503);
    }
  } catch (e) {
    log.error({ err: e, operationId: payload.id }, "webhook not recorded: the database could not be reached");
    return empty(503);
  }

  let result = await applyDelivery(delivery, payload, context, stored);
  try {
    if (!result.recorded)
      await recordAttempt(attemptOf(delivery.id, context, result), {
        status: result.status,
        outcome: result.outcome,
        attention: result.attention,
      });
    if (result.followUp) runInBackground("webhook follow-up", result.followUp);
  } catch (e) {
    // The state may be stored but the inbox still says Received: let Microsoft retry (re-applying is idempotent).
    log.error({ err: e, operationId: payload.id }, "webhook outcome not recorded");
    result = { ...result, httpStatus: 503 };
  }
  log.info(
    {
      operationId: payload.id,
      subscriptionId: payload.subscriptionId,
      action: payload.action,
      status: result.status,
      httpStatus: result.httpStatus,
      durationMs: Date.now() - startedAt,
    },
    "webhook delivery handled",
  );
  return empty(result.httpStatus);
}

/** Waits (within the webhook's time budget) for the attempt that is applying a delivery to finish. */
async function settledDelivery(id: string, startedAt: number): Promise<DeliveryRecord> {
  const deadline = startedAt + WEBHOOK_BUDGET_MS;
  for (;;) {
    const current = await getDelivery(id);
    if (!current) throw new Error(`delivery ${id} disappeared`);
    if (current.status !== "Received" || Date.now() >= deadline) return current;
    await new Promise((r) => setTimeout(r, 100));
  }
}
