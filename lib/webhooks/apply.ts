import "server-only";
import { randomUUID } from "node:crypto";
import { appliedOperationTimes, type AttemptInput, type DeliveryRecord, type DeliveryStatus } from "@/lib/data/deliveries";
import { getOperationRecord } from "@/lib/data/operations";
import { getSubscription, type SubscriptionRecord } from "@/lib/data/subscriptions";
import { getEnv, type WebhookSettings } from "@/lib/env";
import { currentRequestId, log } from "@/lib/log";
import { isMarketplaceError, OperationStatusEnumValues, type SaaSOperation, type SubscriptionSnapshot } from "@/lib/marketplace";
import { refreshOperation } from "@/lib/operations/follow-operation";
import { followUp } from "./follow-up";
import { HANDLERS, type ActionHandler, type Before, type HandlerResult } from "./handlers";
import { decideChange, decisionAudit, undecided } from "./handlers/change";
import { CONFIRM_BUDGET_MS, describeReading, microsoftCalls, type MicrosoftCalls, type Reading } from "./microsoft";
import { isKnownAction, type KnownAction, type WebhookPayload } from "./payload";
import type { Current, Decision } from "./policy";
import { classify, laterOperationApplied, mismatch, type Verdict } from "./rules";
import { storeResult } from "./store";

/**
 * Applying one delivery the caller has claimed (receive.ts for Microsoft's, rerun.ts for an admin's):
 * confirm it with Microsoft's Operations API, let the action's handler answer Microsoft if it must, and
 * store Microsoft's state of the subscription. Returns what to answer and what the inbox is to say (the
 * caller writes it with the attempt, in one statement).
 *
 * Answers: 200 when applied, ignored (unknown action, stale event), refused (the payload does not match
 * Microsoft's operation) or decided but not yet visible in Microsoft's subscription (Pending, followed up
 * in the background); 503 when Microsoft or the database cannot be reached before anything is decided, or
 * Microsoft's state does not show a notice yet, so that Microsoft delivers it again; 400 only to refuse a
 * customer's change whose PATCH Failure could not be sent (or that Microsoft could not confirm in time).
 * Undocumented actions and statuses are acknowledged, never retried for hours, and flagged (`attention`).
 */

export type ApplyResult = {
  httpStatus: number;
  status: DeliveryStatus;
  outcome: string;
  /** Why an operator should look at the delivery (an undocumented action or status), shown in the inbox. */
  attention?: string;
  /** The attempt and the delivery's status are already written (with the result, in one statement). */
  recorded?: boolean;
  /** Work to start once the result is recorded: the follow-up of a Pending delivery (follow-up.ts). */
  followUp?: () => Promise<void>;
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

export async function applyDelivery(delivery: DeliveryRecord, payload: WebhookPayload, context: AttemptContext, stored?: SubscriptionRecord | null): Promise<ApplyResult> {
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
    return await confirmAndApply(delivery, payload, payload.action, microsoftCalls(context.startedAt, randomUUID()), context, stored);
  } catch (e) {
    const outcome = isMarketplaceError(e)
      ? `Microsoft could not be reached or refused the portal's call (${e.operation}: ${e.kind}); waiting for Microsoft's retry.`
      : "The delivery could not be stored (database unreachable or internal error; see the portal's log); waiting for Microsoft's retry.";
    log.warn(isMarketplaceError(e) ? { operationId: delivery.operationId, ...e.toLog() } : { operationId: delivery.operationId, err: e }, "webhook delivery not applied");
    return { httpStatus: 503, status: "Failed", outcome };
  }
}

/** A customer's plan or seat change still waiting for the publisher's answer: it may have to be refused in time. */
function awaitsAnswer(payload: WebhookPayload, action: KnownAction): action is "ChangePlan" | "ChangeQuantity" {
  return (action === "ChangePlan" || action === "ChangeQuantity") && payload.source !== "Partner" && (payload.status === undefined || undecided(payload.status));
}

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
  const before: Before = { stored: stored === undefined ? await getSubscription(payload.subscriptionId) : stored, payload };
  // A customer's change waiting for the publisher's answer is confirmed early enough for the answer (above
  // all a refusal) to reach Microsoft in time; `refusal` is the policy's verdict on the payload meanwhile.
  const answering = awaitsAnswer(payload, action);
  const refusal = answering ? refusalOnHint(payload, action, settings, before) : undefined;
  const confirming = answering ? microsoft.by(context.startedAt + CONFIRM_BUDGET_MS) : microsoft;
  // The payload is a hint: the operation and the subscription are read from Microsoft, side by side.
  const [operation, subscription] = await Promise.allSettled([confirming.getOperation(payload.subscriptionId, payload.id), confirming.readSubscription(payload.subscriptionId)]);
  if (operation.status === "rejected") {
    if (isUnknownToMicrosoft(operation.reason)) return refuse(delivery, `Microsoft's Operations API does not know operation ${payload.id} of subscription ${payload.subscriptionId}`);
    if (refusal && (await getOperationRecord(payload.id)) === null) return refuseUnconfirmed(delivery, payload, action, refusal, stored);
    throw operation.reason;
  }
  if (subscription.status === "rejected" && isUnknownToMicrosoft(subscription.reason)) return refuse(delivery, `Microsoft does not know subscription ${payload.subscriptionId}`);
  const op = operation.value;
  const wrong = mismatch(payload, op);
  if (wrong) return refuse(delivery, wrong);
  const reading = subscription.status === "fulfilled" ? subscription.value : undefined;

  const byPublisher = payload.source === "Partner" || (PUBLISHER_ACTIONS.has(action) && (await getOperationRecord(op.id)) !== null);
  if (byPublisher) await followPublisherOperation(op.id, microsoft);
  const handler = HANDLERS[action];
  const result = await handler.act({ payload, op, reading, current: currentOf(reading, before), settings, microsoft, byPublisher });
  // Nothing decided and Microsoft's subscription unread: Microsoft's retry will find both.
  if (!result.reading && !result.decided) throw subscription.status === "rejected" ? subscription.reason : new Error("no reading of the subscription");
  const attention = attentionFor(op, result.reading);
  const shows = visibility(handler, result.operationStatus, op, before);

  let latest = result.reading;
  // With the row as the inbox read it (`stored`), the first store is one statement that also writes the
  // attempt; after an outdated reading, the locking path decides.
  let seen = stored;
  for (let read = 1; ; read++) {
    const verdict = latest ? await verdictOf(delivery, payload, action, op, result, latest, shows(latest.snapshot)) : "follow-up";
    const outcome = outcomeText(verdict, action, op, result, latest);
    const status: DeliveryStatus = verdict === "stale" ? "Ignored" : verdict === "wait" ? "Failed" : verdict === "follow-up" ? "Pending" : "Applied";
    const httpStatus = verdict === "wait" ? 503 : (result.answer ?? 200);
    const saved = await storeResult({
      action,
      subscriptionId: payload.subscriptionId,
      // Stale and not-yet-visible events write no subscription state: the event that moved it carries it.
      // A decided one stores what Microsoft says for now; its follow-up stores the change once it shows.
      reading: verdict === "apply" || verdict === "superseded" || verdict === "follow-up" ? latest : undefined,
      decision: result.decision,
      seen,
      finish: { attempt: attemptOf(delivery.id, context, { httpStatus, outcome }), delivery: { status, outcome, attention } },
    });
    seen = undefined;
    if (saved !== "outdated") {
      const later = verdict === "follow-up" ? () => followUp({ deliveryId: delivery.id, operationId: op.id, subscriptionId: payload.subscriptionId, action, shows, note: result.note ?? `${action} decided.` }) : undefined;
      return { httpStatus, status, outcome, attention, recorded: saved === "recorded", followUp: later };
    }
    // A newer reading was stored meanwhile (nothing of this attempt was written). Once decided, the
    // follow-up reads Microsoft again; before, this attempt does, or Microsoft's retry.
    if (result.decided) latest = undefined;
    else if (read >= MAX_READS) {
      return { httpStatus: 503, status: "Failed", outcome: "Microsoft's state of the subscription kept changing while this delivery was stored; waiting for Microsoft's retry." };
    } else latest = await microsoft.readSubscription(payload.subscriptionId);
  }
}

/** Whether a reading shows the operation's effect (as far as this attempt knows how the operation ended). */
function visibility(handler: ActionHandler, operationStatus: string, op: SaaSOperation, before: Before) {
  // An undocumented status (of the operation or the subscription) cannot show or hide anything: waiting
  // for it would stall the delivery for hours, so Microsoft's state is stored as it is, and flagged.
  if (!(OperationStatusEnumValues as readonly string[]).includes(operationStatus)) return () => true;
  return (snapshot: SubscriptionSnapshot) =>
    snapshot.unknownStatus !== undefined ||
    (operationStatus === "Succeeded" ? handler.shows(snapshot, op, before) : operationStatus === "Failed" || operationStatus === "Conflict");
}

async function verdictOf(delivery: DeliveryRecord, payload: WebhookPayload, action: string, op: SaaSOperation, result: HandlerResult, reading: Reading, visible: boolean): Promise<Verdict> {
  const laterApplied = !visible && laterOperationApplied(await appliedOperationTimes(payload.subscriptionId, payload.id), op.timeStamp ?? payload.timeStamp);
  return classify({ action, visible, current: reading.snapshot, laterApplied, waitingMs: Date.now() - delivery.receivedAt.getTime(), decided: result.decided });
}

function attentionFor(op: SaaSOperation, reading: Reading | undefined): string | undefined {
  const problems = [
    ...(reading?.snapshot.unknownStatus !== undefined ? [`a subscription status it has not documented ("${reading.snapshot.unknownStatus}"); the portal kept the last known status`] : []),
    ...(!(OperationStatusEnumValues as readonly string[]).includes(op.status) ? [`an operation status it has not documented ("${op.status.slice(0, 100)}")`] : []),
  ];
  return problems.length ? `Microsoft reported ${problems.join(", and ")}. Check the subscription with Microsoft; reconciliation keeps comparing.` : undefined;
}

/** The subscription as the policy judges it: Microsoft's reading, else the portal's copy, else the payload's snapshot. */
function currentOf(reading: Reading | undefined, { stored, payload }: Before): Current {
  if (reading) return reading.snapshot;
  if (stored) return { offerId: stored.offerId, planId: stored.planId, quantity: stored.quantity };
  const s = payload.subscription;
  // A ChangeQuantity's top-level planId is the subscription's plan; a ChangePlan's is the target.
  return { offerId: s?.offerId ?? payload.offerId ?? "", planId: s?.planId ?? (payload.action === "ChangeQuantity" ? payload.planId : undefined) ?? "", quantity: s?.quantity ?? null };
}

type Refusal = { kind: "plan" | "quantity"; current: Current; decision: Decision };

/** The policy's refusal of a customer's change as the payload describes it (undefined: it would accept). */
function refusalOnHint(payload: WebhookPayload, action: "ChangePlan" | "ChangeQuantity", settings: WebhookSettings, before: Before): Refusal | undefined {
  const kind = action === "ChangePlan" ? "plan" : "quantity";
  const current = currentOf(undefined, before);
  const decision = decideChange(settings, current, kind, payload);
  return decision.accept ? undefined : { kind, current, decision };
}

/**
 * Microsoft's Operations API did not answer in time for a customer's change the policy refuses (judged on
 * the payload, whose token proved it is Microsoft's): it is refused by answering 400, Microsoft's other way
 * to refuse, since a refusal after the 10-second window counts for nothing. (A change the policy accepts
 * waits for Microsoft's retry instead: an unanswered change is accepted by Microsoft anyway.)
 */
async function refuseUnconfirmed(delivery: DeliveryRecord, payload: WebhookPayload, action: KnownAction, { kind, current, decision }: Refusal, stored: SubscriptionRecord | null | undefined): Promise<ApplyResult> {
  const note = `Refused (${decision.reason}) by answering 400: Microsoft's Operations API did not answer in time to confirm the change, and a refusal counts only within Microsoft's 10-second window.`;
  const outcome = `${note} Microsoft's state is read in the background.`;
  await storeResult({ action, subscriptionId: payload.subscriptionId, reading: undefined, decision: decisionAudit(action, payload.id, current, kind, payload, decision), seen: stored });
  log.warn({ operationId: payload.id, subscriptionId: payload.subscriptionId }, "webhook: change refused by a 400 answer, unconfirmed (Get Operation did not answer in time)");
  const later = () => followUp({ deliveryId: delivery.id, operationId: payload.id, subscriptionId: payload.subscriptionId, action, shows: () => true, note });
  return { httpStatus: 400, status: "Pending", outcome, followUp: later };
}

function outcomeText(verdict: Verdict, action: string, op: SaaSOperation, result: HandlerResult, reading: Reading | undefined): string {
  const note = result.note ? `${result.note} ` : "";
  const now = reading ? describeReading(reading) : "";
  switch (verdict) {
    case "apply":
      return `${note}Stored Microsoft's state: ${now}.`;
    case "stale":
      return `${note}Stale: the subscription has moved past this ${action} (Microsoft says ${now}); nothing changed.`;
    case "wait":
      return `${note}Microsoft's subscription does not show this ${action} yet (operation ${op.status}; ${now}); waiting for Microsoft's retry.`;
    case "superseded":
      return `${note}Microsoft's subscription still does not show this ${action}; stored its current state: ${now}.`;
    case "follow-up":
      return reading
        ? `${note}Microsoft's subscription does not show it yet (${now}; stored for now): following it up in the background, and reconciliation repairs it if the portal restarts first.`
        : `${note}Get Subscription did not answer in time: Microsoft's state is read in the background, and reconciliation repairs it if the portal restarts first.`;
  }
}

function refuse(delivery: DeliveryRecord, reason: string): ApplyResult {
  log.warn({ operationId: delivery.operationId, subscriptionId: delivery.subscriptionId, reason }, "webhook delivery refused: it does not match Microsoft's operation");
  return { httpStatus: 200, status: "Refused", outcome: `Refused: ${reason}. Nothing was applied; kept for review.` };
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
    log.warn({ operationId, kind: isMarketplaceError(e) ? e.kind : "error" }, "could not record the end of a publisher operation");
  }
}
