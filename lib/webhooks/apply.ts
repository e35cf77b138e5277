import "server-only";
import { randomUUID } from "node:crypto";
import { type DeliveryRecord, type DeliveryStatus } from "@/lib/data/deliveries";
import { getOperationRecord } from "@/lib/data/operations";
import { getSubscription, type SubscriptionRecord } from "@/lib/data/subscriptions";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { isMarketplaceError } from "@/lib/marketplace";
import { refreshOperation } from "@/lib/operations/follow-operation";
import { followUp } from "./follow-up";
import { HANDLERS, type Before } from "./handlers";
import { CONFIRM_BUDGET_MS, microsoftCalls, WEBHOOK_BUDGET_MS, type MicrosoftCalls } from "./microsoft";
import { isKnownAction, type KnownAction, type WebhookPayload } from "./payload";
import { awaitsDecision } from "./queue";
import { mismatch } from "./rules";
import { currentOf, refusalOnHint, refuseUnconfirmed } from "./refusal";
import { attemptOf, type ApplyResult, type AttemptContext } from "./result";
import { storeResult } from "./store";
import { attentionFor, outcomeText, refuse, verdictOf, visibility } from "./verdict";

export { attemptOf, type ApplyResult, type AttemptContext };

/**
 * Applying one delivery a worker has taken (work.ts): confirm it with Microsoft's Operations API, let the
 * action's handler answer Microsoft if it must (PATCH Success/Failure, inside the 10-second window counted
 * from the delivery's receipt), and store Microsoft's state of the subscription. Returns what the inbox is
 * to say (written with the attempt, in one statement when it can).
 *
 * Ends Applied, Ignored (unknown action, stale event), Refused (the payload does not match Microsoft's
 * operation) or Pending (decided, but not yet visible in Microsoft's subscription: followed up); Failed
 * (httpStatus 503, the queue's cue to retry) when Microsoft or the database cannot be reached, a refusal could not be sent, or Microsoft's
 * state does not show a notice yet: the queue retries it with backoff. Undocumented actions and statuses are
 * acknowledged, never retried for hours, and flagged (`attention`).
 */

/** Readings of Microsoft taken before a newer stored one are read again, this many times at most. */
const MAX_READS = 3;

const PUBLISHER_ACTIONS = new Set(["ChangePlan", "ChangeQuantity", "Unsubscribe"]);

export async function applyDelivery(
  delivery: DeliveryRecord,
  payload: WebhookPayload,
  context: AttemptContext,
  stored?: SubscriptionRecord | null,
): Promise<ApplyResult> {
  try {
    if (!isKnownAction(payload.action)) {
      // Microsoft adds actions without notice (reference §6.1): keep it in the inbox, never fail on it.
      return {
        httpStatus: 200,
        status: "Ignored",
        outcome: `Unknown action ${payload.action}: acknowledged, nothing applied.`,
        attention: `Microsoft sent an action it has not documented (${payload.action.slice(0, 100)}). Check what it means for this subscription; reconciliation stores Microsoft's state of it.`,
      };
    }
    return await confirmAndApply(
      delivery,
      payload,
      payload.action,
      microsoftCalls(context.windowFrom, randomUUID()),
      context,
      stored,
    );
  } catch (e) {
    const outcome = isMarketplaceError(e)
      ? `Microsoft could not be reached or refused the portal's call (${e.operation}: ${e.kind}).`
      : "The delivery could not be stored (database unreachable or internal error; see the portal's log).";
    log.warn(
      isMarketplaceError(e)
        ? { operationId: delivery.operationId, ...e.toLog() }
        : { operationId: delivery.operationId, err: e },
      "webhook delivery not applied",
    );
    return { httpStatus: 503, status: "Failed", outcome };
  }
}

/** A customer's plan or seat change still waiting for the publisher's answer: it may have to be refused in time. */
const awaitsAnswer = (payload: WebhookPayload, action: KnownAction): action is "ChangePlan" | "ChangeQuantity" =>
  (action === "ChangePlan" || action === "ChangeQuantity") && awaitsDecision(payload);

const isUnknownToMicrosoft = (e: unknown) => isMarketplaceError(e, "not-found") || isMarketplaceError(e, "bad-request");

async function confirmAndApply(
  delivery: DeliveryRecord,
  payload: WebhookPayload,
  action: KnownAction,
  microsoft: MicrosoftCalls,
  context: AttemptContext,
  stored: SubscriptionRecord | null | undefined,
): Promise<ApplyResult> {
  const settings = getEnv().webhook;
  // What the portal had before this delivery (a re-run did not read it with the inbox insert).
  const before: Before = {
    stored: stored === undefined ? await getSubscription(payload.subscriptionId) : stored,
    payload,
  };
  // A customer's change waiting for the publisher's answer is confirmed early enough for the answer (above
  // all a refusal) to reach Microsoft in time; `refusal` is the policy's verdict on the payload meanwhile.
  // Only while Microsoft's window is open: after it, Microsoft has decided, and Get Operation says how.
  const refusal = awaitsAnswer(payload, action) ? refusalOnHint(payload, action, settings, before) : undefined;
  const answering = awaitsAnswer(payload, action) && Date.now() < delivery.receivedAt.getTime() + WEBHOOK_BUDGET_MS;
  const confirming = answering ? microsoft.by(context.windowFrom + CONFIRM_BUDGET_MS) : microsoft;
  // The payload is a hint: the operation and the subscription are read from Microsoft, side by side.
  const [operation, subscription] = await Promise.allSettled([
    confirming.getOperation(payload.subscriptionId, payload.id),
    confirming.readSubscription(payload.subscriptionId),
  ]);
  if (operation.status === "rejected") {
    if (isUnknownToMicrosoft(operation.reason))
      return refuse(
        delivery,
        `Microsoft's Operations API does not know operation ${payload.id} of subscription ${payload.subscriptionId}`,
      );
    if (refusal && answering && (await getOperationRecord(payload.id)) === null)
      return refuseUnconfirmed(delivery, payload, action, refusal, stored, microsoft);
    throw operation.reason;
  }
  if (subscription.status === "rejected" && isUnknownToMicrosoft(subscription.reason))
    return refuse(delivery, `Microsoft does not know subscription ${payload.subscriptionId}`);
  const op = operation.value;
  const wrong = mismatch(payload, op);
  if (wrong) return refuse(delivery, wrong);
  const reading = subscription.status === "fulfilled" ? subscription.value : undefined;

  const byPublisher =
    payload.source === "Partner" || (PUBLISHER_ACTIONS.has(action) && (await getOperationRecord(op.id)) !== null);
  if (byPublisher) await followPublisherOperation(op.id, microsoft);
  const handler = HANDLERS[action];
  const result = await handler.act({
    payload,
    op,
    reading,
    current: currentOf(reading, before),
    settings,
    microsoft,
    byPublisher,
  });
  // Nothing decided and Microsoft's subscription unread: the queue's retry will find both.
  if (!result.reading && !result.decided)
    throw subscription.status === "rejected" ? subscription.reason : new Error("no reading of the subscription");
  const attention = attentionFor(op, result.reading) ?? missedRefusal(refusal, result.decision, op.status);
  const shows = visibility(handler, result.operationStatus, op, before);

  let latest = result.reading;
  // With the row as the inbox read it (`stored`), the first store is one statement that also writes the
  // attempt; after an outdated reading, the locking path decides.
  let seen = stored;
  for (let read = 1; ; read++) {
    const verdict = latest
      ? await verdictOf(delivery, payload, action, op, result, latest, shows(latest.snapshot))
      : "follow-up";
    const outcome = outcomeText(verdict, action, op, result, latest);
    const status: DeliveryStatus =
      verdict === "stale" ? "Ignored" : verdict === "wait" ? "Failed" : verdict === "follow-up" ? "Pending" : "Applied";
    const httpStatus = verdict === "wait" ? 503 : 200;
    const saved = await storeResult({
      action,
      subscriptionId: payload.subscriptionId,
      // Stale and not-yet-visible events write no subscription state: the event that moved it carries it.
      // A decided one stores what Microsoft says for now; its follow-up stores the change once it shows.
      reading: verdict === "apply" || verdict === "superseded" || verdict === "follow-up" ? latest : undefined,
      decision: result.decision,
      seen,
      finish: {
        attempt: attemptOf(delivery.id, context, { outcome }),
        delivery: { status, outcome, attention },
      },
    });
    seen = undefined;
    if (saved !== "outdated") {
      const later =
        verdict === "follow-up"
          ? () =>
              followUp({
                deliveryId: delivery.id,
                operationId: op.id,
                subscriptionId: payload.subscriptionId,
                action,
                shows,
                note: result.note ?? `${action} decided.`,
              })
          : undefined;
      return { httpStatus, status, outcome, attention, recorded: saved === "recorded", followUp: later };
    }
    // A newer reading was stored meanwhile (nothing of this attempt was written). Once decided, the
    // follow-up reads Microsoft again; before, this attempt does, or Microsoft's retry.
    if (result.decided) latest = undefined;
    else if (read >= MAX_READS) {
      return {
        httpStatus: 503,
        status: "Failed",
        outcome: "Microsoft's state of the subscription kept changing while this delivery was stored.",
      };
    } else latest = await microsoft.readSubscription(payload.subscriptionId);
  }
}

/**
 * The publisher's own operation (PATCH/DELETE from the admin pages) ends with this webhook: record its end,
 * within the webhook's time budget (the record is also kept by the admin page's follower).
 */
async function followPublisherOperation(operationId: string, microsoft: MicrosoftCalls): Promise<void> {
  try {
    await microsoft.bound("refreshOperation", refreshOperation(operationId));
  } catch (e) {
    // The delivery still stores Microsoft's state; the admin page's follower retries the operation record.
    log.warn(
      { operationId, kind: isMarketplaceError(e) ? e.kind : "error" },
      "could not record the end of a publisher operation",
    );
  }
}

/**
 * A change the policy refuses that Microsoft accepted on its own: the refusal did not reach Microsoft within
 * its 10-second window (Microsoft unreachable, or the delivery reached a worker too late). Nobody else
 * would notice, so the inbox flags it.
 */
function missedRefusal(
  refusal: ReturnType<typeof refusalOnHint>,
  decision: unknown,
  operationStatus: string,
): string | undefined {
  if (!refusal || decision || operationStatus !== "Succeeded") return undefined;
  return `The policy refuses this change (${refusal.decision.reason}), but the refusal did not reach Microsoft within its 10-second window (see the attempts), so Microsoft accepted it. Change the subscription back from its page if the change must not stand.`;
}
