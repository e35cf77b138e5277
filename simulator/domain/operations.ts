// Operation lifecycle: creation, completion (applying the change), the ACK window of customer-initiated
// changes, and the publisher's ACK through PATCH /operations/{id}.
import type { OperationAction } from "../api-types";
import type { SimContext } from "../context";
import { dotnetTimestamp, isoSeconds } from "../core/clock";
import { newGuid } from "../core/ids";
import type { OperationRecord, OperationSource, SubscriptionRecord } from "../core/state";
import { findById } from "../core/subscription-index";
import { fail, isRecord, ok, type Result } from "./result";
import { noteChange } from "./subscription-view";
import { nextTerm } from "./term";

export function findSubscription(ctx: SimContext, id: string): SubscriptionRecord | undefined {
  return findById(ctx.store.state.subscriptions, id);
}

export function findOperation(ctx: SimContext, id: string): OperationRecord | undefined {
  return findById(ctx.store.state.operations, id);
}

/** The operation that locks the subscription, if any (Microsoft: one pending operation at a time). */
export function pendingOperation(ctx: SimContext, subscriptionId: string): OperationRecord | undefined {
  return ctx.store.state.operations.find((op) => op.subscriptionId === subscriptionId && op.status === "InProgress");
}

/**
 * List outstanding operations: every operation of the subscription still in progress — the customer's
 * changes waiting for the publisher's ACK and the publisher's own PATCH/DELETE alike, as Microsoft's own
 * emulator lists them — once older than the observed listing lag (SIM_OPERATIONS_LIST_DELAY_MS). A
 * publisher whose PATCH or DELETE lost its answer finds its operation here.
 */
export function outstandingOperations(ctx: SimContext, subscriptionId: string, nowMs = Date.now()): OperationRecord[] {
  const visibleBefore = nowMs - ctx.settings.operationsListDelayMs;
  return ctx.store.state.operations.filter(
    (op) => op.subscriptionId === subscriptionId && op.status === "InProgress" && op.sim.createdAtMs <= visibleBefore,
  );
}

/** Actions a publisher acknowledges (PATCH Success/Failure) when Microsoft's customer side started them. */
export function needsAck(op: OperationRecord): boolean {
  return (
    op.source === "Azure" && (op.action === "ChangePlan" || op.action === "ChangeQuantity" || op.action === "Reinstate")
  );
}

export function createOperation(
  ctx: SimContext,
  sub: SubscriptionRecord,
  init: { action: OperationAction; source: OperationSource; inProgress: boolean; planId?: string; quantity?: number },
): OperationRecord {
  const quantity = init.quantity ?? sub.quantity;
  const op: OperationRecord = {
    id: newGuid(),
    activityId: newGuid(),
    subscriptionId: sub.id,
    offerId: sub.offerId,
    publisherId: sub.publisherId,
    planId: init.planId ?? sub.planId,
    ...(quantity !== undefined ? { quantity } : {}),
    action: init.action,
    timeStamp: dotnetTimestamp(ctx.clock.now()),
    status: init.inProgress ? "InProgress" : "Succeeded",
    errorStatusCode: "",
    errorMessage: "",
    source: init.source,
    sim: {
      createdAtMs: Date.now(),
      previousPlanId: sub.planId,
      ...(sub.quantity !== undefined ? { previousQuantity: sub.quantity } : {}),
    },
  };
  ctx.store.state.operations.push(op);
  ctx.store.changed();
  return op;
}

/** Mutates the subscription as a succeeded operation says. */
export function applyAction(ctx: SimContext, sub: SubscriptionRecord, op: OperationRecord): void {
  noteChange(ctx, sub);
  const now = ctx.clock.now();
  switch (op.action) {
    case "ChangePlan":
      if (sub.planId !== op.planId) sub.isFreeTrial = false;
      sub.planId = op.planId;
      break;
    case "ChangeQuantity":
      if (op.quantity !== undefined) sub.quantity = op.quantity;
      break;
    case "Suspend":
      sub.status = "Suspended";
      sub.sim.suspendedAt = isoSeconds(now);
      break;
    case "Reinstate":
      sub.status = "Subscribed";
      delete sub.sim.suspendedAt;
      break;
    case "Unsubscribe":
      sub.status = "Unsubscribed";
      sub.sim.unsubscribedAt = now.toISOString();
      break;
    case "Renew":
      // A free trial converts to paid at its first renewal.
      if (sub.term.endDate)
        sub.term = { termUnit: sub.term.termUnit, ...nextTerm(sub.term.termUnit, sub.term.endDate) };
      sub.isFreeTrial = false;
      break;
    case "Subscribe":
      break;
  }
  ctx.store.changed();
}

/**
 * Ends an in-progress operation. Success applies the change; publisher-initiated operations notify the
 * webhook (source Partner) once they are done, with the subscription as it was before.
 */
export function finishOperation(
  ctx: SimContext,
  op: OperationRecord,
  status: "Succeeded" | "Failed",
  message = "",
): void {
  if (op.status !== "InProgress") return;
  const sub = findSubscription(ctx, op.subscriptionId);
  op.status = status;
  op.errorMessage = message;
  op.errorStatusCode = status === "Failed" ? "400" : "";
  delete op.sim.dueAt;
  if (sub && status === "Succeeded") {
    const snapshot = structuredClone(sub);
    applyAction(ctx, sub, op);
    if (op.source === "Partner") ctx.webhooks.notify(op, snapshot);
  }
  ctx.log.debug(`operation ${op.action} ${op.id} (${op.source}) → ${status}`);
  ctx.store.changed();
}

/** Arms the operation's timer: completion of a Partner operation, or auto-accept at the end of the ACK window. */
export function scheduleDue(ctx: SimContext, op: OperationRecord, delayMs: number): void {
  op.sim.dueAt = Date.now() + delayMs;
  ctx.timers.after(delayMs, () => {
    const current = findOperation(ctx, op.id);
    // No answer within the window: Microsoft treats the change as accepted.
    if (current?.status === "InProgress") finishOperation(ctx, current, "Succeeded");
  });
}

export function resumeOperations(ctx: SimContext): void {
  for (const op of ctx.store.state.operations) {
    if (op.status === "InProgress" && op.sim.dueAt !== undefined)
      scheduleDue(ctx, op, Math.max(0, op.sim.dueAt - Date.now()));
  }
}

/**
 * Called by the webhook dispatcher when the publisher answers 4xx. Within the ACK window that refuses a
 * customer-initiated ChangePlan/ChangeQuantity (the subscription keeps its plan/quantity). Returns whether
 * the answer counted as a refusal.
 */
export function rejectByWebhookAnswer(ctx: SimContext, operationId: string, status: number): boolean {
  const op = findOperation(ctx, operationId);
  if (!op || op.status !== "InProgress" || op.source !== "Azure") return false;
  if (op.action !== "ChangePlan" && op.action !== "ChangeQuantity") return false;
  finishOperation(ctx, op, "Failed", `The publisher refused the change (webhook answered HTTP ${status}).`);
  return true;
}

export type AckOutcome = { kind: "ok" } | { kind: "partner" } | { kind: "conflict" };

/**
 * PATCH /operations/{id}. Reproduces what Microsoft's API was observed to do: Partner-initiated operations
 * answer 500, finished ones 409, and an unknown status value is accepted without effect (no validation).
 */
export function acknowledgeOperation(
  ctx: SimContext,
  subscriptionId: string,
  operationId: string,
  body: unknown,
): Result<AckOutcome> {
  const sub = findSubscription(ctx, subscriptionId);
  const op = findOperation(ctx, operationId);
  if (!sub || !op || op.subscriptionId !== sub.id)
    return fail(404, "NotFound", "Failed to find operation", "operation");
  if (op.source === "Partner") return ok({ kind: "partner" });
  if (op.status !== "InProgress") return ok({ kind: "conflict" });
  const status = isRecord(body) ? body.status : undefined;
  if (status === "Success") finishOperation(ctx, op, "Succeeded");
  else if (status === "Failure") finishOperation(ctx, op, "Failed", "The publisher reported Failure.");
  return ok({ kind: "ok" });
}
