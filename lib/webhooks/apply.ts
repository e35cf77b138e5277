import "server-only";
import { randomUUID } from "node:crypto";
import { appliedOperationTimes, type AttemptInput, type DeliveryRecord, type DeliveryStatus } from "@/lib/data/deliveries";
import { getOperationRecord } from "@/lib/data/operations";
import type { SubscriptionRecord } from "@/lib/data/subscriptions";
import { getEnv } from "@/lib/env";
import { currentRequestId, log } from "@/lib/log";
import { isMarketplaceError, type SaaSOperation } from "@/lib/marketplace";
import { refreshOperation } from "@/lib/subscriptions/follow-operation";
import { HANDLERS, type HandlerResult } from "./handlers";
import { microsoftCalls, type MicrosoftCalls, type Reading } from "./microsoft";
import { isKnownAction, type KnownAction, type WebhookPayload } from "./payload";
import { classify, laterOperationApplied, mismatch, type Verdict } from "./rules";
import { storeResult } from "./store";

/**
 * Applying one delivery the caller has claimed (receive.ts for Microsoft's, rerun.ts for an admin's):
 * confirm it with Microsoft's Operations API, let the action's handler answer Microsoft if it must, and
 * store Microsoft's state of the subscription. Returns what to answer and what the inbox is to say (the
 * caller writes it with the attempt, in one statement).
 *
 * Answers: 200 when applied, ignored (unknown action, stale event) or refused (the payload does not match
 * Microsoft's operation); 503 when Microsoft or the database cannot be reached, or Microsoft's state does
 * not show the operation yet, so that Microsoft delivers it again; 400 only to refuse a customer's change
 * whose PATCH Failure could not be sent.
 */

export type ApplyResult = {
  httpStatus: number;
  status: DeliveryStatus;
  outcome: string;
  /** The attempt and the delivery's status are already written (with the result, in one statement). */
  recorded?: boolean;
};

/** Who is applying the delivery, for its attempt: Microsoft's delivery, or an owner's re-run. */
export type AttemptContext = { source: "microsoft" | "rerun"; startedAt: number };

/** The inbox's record of one attempt at a delivery, as it ends now. */
export function attemptOf(deliveryId: string, context: AttemptContext, result: Pick<ApplyResult, "httpStatus" | "outcome">): AttemptInput {
  return { deliveryId, source: context.source, httpStatus: result.httpStatus, outcome: result.outcome, durationMs: Date.now() - context.startedAt, requestId: currentRequestId() ?? null };
}

/** Readings of Microsoft taken before a newer stored one are read again, this many times at most. */
const MAX_READS = 3;

const PUBLISHER_ACTIONS = new Set(["ChangePlan", "ChangeQuantity", "Unsubscribe"]);

const summarize = (r: Reading) => {
  const s = r.snapshot;
  return `plan ${s.planId}${s.quantity !== null ? `, ${s.quantity} seats` : ""}, ${s.status}`;
};

export async function applyDelivery(delivery: DeliveryRecord, payload: WebhookPayload, context: AttemptContext, stored?: SubscriptionRecord | null): Promise<ApplyResult> {
  try {
    if (!isKnownAction(payload.action)) {
      // Microsoft adds actions without notice (reference §6.1): keep it in the inbox, never fail on it.
      return { httpStatus: 200, status: "Ignored", outcome: `Unknown action ${payload.action}: acknowledged, nothing to do.` };
    }
    return await confirmAndApply(delivery, payload, payload.action, microsoftCalls(context.startedAt, randomUUID()), context, stored);
  } catch (e) {
    const outcome = isMarketplaceError(e)
      ? `Microsoft could not be reached or refused the portal's call (${e.operation}: ${e.kind}); waiting for Microsoft's retry.`
      : "The delivery could not be stored (database unreachable or internal error; see the portal's log); waiting for Microsoft's retry.";
    log.warn(isMarketplaceError(e) ? { operationId: delivery.operationId, ...e.toLog() } : { operationId: delivery.operationId, err: e }, "webhook delivery not applied");
    return { httpStatus: 503, status: "Failed", outcome };
  }
}

async function confirmAndApply(
  delivery: DeliveryRecord,
  payload: WebhookPayload,
  action: KnownAction,
  microsoft: MicrosoftCalls,
  context: AttemptContext,
  stored: SubscriptionRecord | null | undefined,
): Promise<ApplyResult> {
  // The payload is a hint: the operation and the subscription are read from Microsoft, side by side.
  const [operation, subscription] = await Promise.allSettled([microsoft.getOperation(payload.subscriptionId, payload.id), microsoft.readSubscription(payload.subscriptionId)]);
  const unknown = (e: unknown) => isMarketplaceError(e, "not-found") || isMarketplaceError(e, "bad-request");
  if (operation.status === "rejected") {
    if (unknown(operation.reason)) return refuse(delivery, `Microsoft's Operations API does not know operation ${payload.id} of subscription ${payload.subscriptionId}`);
    throw operation.reason;
  }
  if (subscription.status === "rejected") {
    if (unknown(subscription.reason)) return refuse(delivery, `Microsoft does not know subscription ${payload.subscriptionId}`);
    throw subscription.reason;
  }
  const op = operation.value;
  const wrong = mismatch(payload, op);
  if (wrong) return refuse(delivery, wrong);

  const byPublisher = payload.source === "Partner" || (PUBLISHER_ACTIONS.has(action) && (await getOperationRecord(op.id)) !== null);
  if (byPublisher) await followPublisherOperation(op.id);
  const handler = HANDLERS[action];
  const result = await handler.act({ payload, op, reading: subscription.value, settings: getEnv().webhook, microsoft, byPublisher });

  let reading = result.reading;
  // With the row as the inbox read it (`stored`), the first store is one statement that also writes the
  // attempt; after an outdated reading, the locking path decides.
  let seen = stored;
  for (let read = 1; ; read++) {
    const visible =
      result.operationStatus === "Succeeded" ? handler.shows(reading.snapshot, op) : result.operationStatus === "Failed" || result.operationStatus === "Conflict";
    const laterApplied = !visible && laterOperationApplied(await appliedOperationTimes(payload.subscriptionId, payload.id), op.timeStamp ?? payload.timeStamp);
    const verdict = classify({ action, visible, current: reading.snapshot, laterApplied, waitingMs: Date.now() - delivery.receivedAt.getTime() });
    const outcome = outcomeText(verdict, action, op, result, reading);
    const status: DeliveryStatus = verdict === "stale" ? "Ignored" : verdict === "wait" ? "Failed" : "Applied";
    const httpStatus = verdict === "wait" ? 503 : (result.answer ?? 200);
    const saved = await storeResult({
      action,
      subscriptionId: payload.subscriptionId,
      // Stale and not-yet-visible events write no subscription state: the event that moved it carries it.
      reading: verdict === "apply" || verdict === "superseded" ? reading : undefined,
      decision: result.decision,
      seen,
      finish: { attempt: attemptOf(delivery.id, context, { httpStatus, outcome }), delivery: { status, outcome } },
    });
    seen = undefined;
    if (saved !== "outdated") return { httpStatus, status, outcome, recorded: saved === "recorded" };
    if (read >= MAX_READS) {
      return { httpStatus: 503, status: "Failed", outcome: "Microsoft's state of the subscription kept changing while this delivery was stored; waiting for Microsoft's retry." };
    }
    reading = await microsoft.readSubscription(payload.subscriptionId);
  }
}

function outcomeText(verdict: Verdict, action: string, op: SaaSOperation, result: HandlerResult, reading: Reading): string {
  const note = result.note ? `${result.note} ` : "";
  switch (verdict) {
    case "apply":
      return `${note}Stored Microsoft's state: ${summarize(reading)}.`;
    case "stale":
      return `${note}Stale: the subscription has moved past this ${action} (Microsoft says ${summarize(reading)}); nothing changed.`;
    case "wait":
      return `${note}Microsoft's subscription does not show this ${action} yet (operation ${op.status}; ${summarize(reading)}); waiting for Microsoft's retry.`;
    case "superseded":
      return `${note}Microsoft's subscription still does not show this ${action}; stored its current state: ${summarize(reading)}.`;
  }
}

function refuse(delivery: DeliveryRecord, reason: string): ApplyResult {
  log.warn({ operationId: delivery.operationId, subscriptionId: delivery.subscriptionId, reason }, "webhook delivery refused: it does not match Microsoft's operation");
  return { httpStatus: 200, status: "Refused", outcome: `Refused: ${reason}. Nothing was applied; kept for review.` };
}

/** The publisher's own operation (PATCH/DELETE from the admin pages) ends with this webhook: record its end. */
async function followPublisherOperation(operationId: string): Promise<void> {
  try {
    await refreshOperation(operationId);
  } catch (e) {
    // The delivery still stores Microsoft's state; the admin page's follower retries the operation record.
    log.warn({ operationId, kind: isMarketplaceError(e) ? e.kind : "error" }, "could not record the end of a publisher operation");
  }
}
