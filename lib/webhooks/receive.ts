import "server-only";
import { getEnv } from "@/lib/env";
import { noteForegroundRequest } from "@/lib/jobs/foreground";
import { currentRequestId, log } from "@/lib/log";
import { getWebhookTokenValidator } from "@/lib/marketplace";
import { metrics } from "@/lib/metrics/registry";
import { currentTraceparent } from "@/lib/tracing/spans";
import { readBody } from "./body";
import { dispatchSoon } from "./dispatch";
import { parsePayload } from "./payload";
import { deliveryJob } from "./queue";
import { receiveInBatch } from "./receipts";

/**
 * POST /api/webhooks/marketplace, after the route: Microsoft's call, step by step. Microsoft gets its answer
 * once the delivery is durably received; a worker of the job queue applies it (work.ts).
 *
 * 1. The body's declared size, then the bearer token (lib/marketplace/webhook-token.ts), before the body
 *    is read or parsed: anyone on the internet can POST here. 413 / 401, no detail in the answer.
 * 2. The body, read once with a size cap, parsed leniently. 400 if it is not a usable payload.
 * 3. The inbox (unique on the operation id) and the delivery's request for a job, in one statement, shared
 *    with the receipts that arrived meanwhile (receipts.ts): 200 once its row is committed.
 *    The job is added right after, in a batch with every delivery received meanwhile (dispatch.ts). A
 *    repeat is acknowledged without a second job, unless the queue had given up on it (Failed): then it
 *    is queued again. If the database cannot take it, 503, so that Microsoft retries: nothing is acknowledged that
 *    is not stored.
 *
 * Why not apply before answering: the work (Get Operation, Get Subscription, the decision, the write) costs
 * a few milliseconds of CPU and two calls to Microsoft; under a burst (a renewal day, a retry storm) the
 * answers queued behind it and slow answers invite retries. The queue absorbs the burst, retries with
 * backoff for hours what Microsoft used to retry, and keeps the 10-second window for decisions (queue.ts).
 */

const empty = (status: number, headers?: HeadersInit) => new Response(null, { status, headers });

export async function receiveMarketplaceWebhook(request: Request): Promise<Response> {
  const startedAt = Date.now();
  noteForegroundRequest(startedAt);
  const response = await answer(request, startedAt);
  const m = metrics();
  m.webhookReceipts.inc({ status: response.status });
  m.webhookReceiptSeconds.observe((Date.now() - startedAt) / 1000);
  return response;
}

async function answer(request: Request, startedAt: number): Promise<Response> {
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
  try {
    const receipt = await receiveInBatch({
      operationId: payload.id,
      subscriptionId: payload.subscriptionId,
      action: payload.action,
      payload: raw,
      priority: deliveryJob(payload).priority,
      durationMs: Date.now() - startedAt,
      requestId: currentRequestId() ?? null,
      traceparent: currentTraceparent() ?? null,
    });
    if (receipt.queued) dispatchSoon();
    log.info(
      {
        operationId: payload.id,
        subscriptionId: payload.subscriptionId,
        action: payload.action,
        repeatOf: receipt.priorStatus ?? undefined,
        queued: receipt.queued,
        durationMs: Date.now() - startedAt,
      },
      "webhook delivery received",
    );
    return empty(200);
  } catch (e) {
    log.error({ err: e, operationId: payload.id }, "webhook not recorded: the database could not be reached");
    return empty(503);
  }
}
