// Publisher-initiated changes: PATCH (plan or quantity) and DELETE. Both answer 202 with an operation that
// completes after SIM_OPERATION_DELAY_MS and then notifies the webhook with source "Partner".
import type { SimContext } from "../context";
import type { OperationRecord, SubscriptionRecord } from "../core/state";
import type { PlanSeed } from "../seed/load-seed";
import { availablePlans, findPlan } from "./catalog";
import { notFound } from "./fulfillment";
import { createOperation, findSubscription, finishOperation, pendingOperation, scheduleDue } from "./operations";
import { fail, isRecord, ok, parseQuantity, type Result } from "./result";

/** Microsoft's observed seat ceiling ("…exceeded the maximal limit of 1000000"). */
const MAX_SEATS = 1_000_000;
const NULL_CONTENT = "The request content is null";

/** Seat-range check shared by publisher PATCH and customer-side changes. */
export function checkSeats(plan: PlanSeed | undefined, quantity: number): string | undefined {
  if (quantity > MAX_SEATS)
    return `This purchase has failed because the number of purchased seats exceeded the maximal limit of ${MAX_SEATS}`;
  if (!plan) return undefined;
  const min = plan.minQuantity ?? 1;
  const max = plan.maxQuantity ?? MAX_SEATS;
  if (quantity < min || quantity > max)
    return `Quantity ${quantity} is outside the range [${min}, ${max}] of plan ${plan.planId}`;
  return undefined;
}

/** Why the subscription can't move to `planId`, or undefined when it can. */
export function planChangeProblem(ctx: SimContext, sub: SubscriptionRecord, planId: string): string | undefined {
  if (planId === sub.planId) {
    return `SaaS subscription ${sub.name} is already subscribed to plan ${planId}. Changing plans only supported between two different plans`;
  }
  const target = availablePlans(ctx, sub).find((plan) => plan.planId === planId);
  if (!target) return "Request Plan is NOT in Catalog.";
  if (target.isPricePerSeat && sub.quantity !== undefined) {
    const seats = checkSeats(target, sub.quantity);
    if (seats) return `${seats}; change the quantity first`;
  }
  return undefined;
}

export function quantityChangeProblem(ctx: SimContext, sub: SubscriptionRecord, quantity: number): string | undefined {
  const plan = findPlan(ctx, sub.offerId, sub.planId);
  if (quantity > MAX_SEATS) return checkSeats(undefined, quantity);
  if (!plan?.isPricePerSeat) return `Plan ${sub.planId} is not a per-seat plan; its quantity can't change`;
  if (quantity === sub.quantity) return "New quantity is the same as on the subscription";
  return checkSeats(plan, quantity);
}

export function publisherUpdate(ctx: SimContext, id: string, body: unknown): Result<OperationRecord> {
  const sub = findSubscription(ctx, id);
  if (!sub) return notFound(id);
  if (!isRecord(body)) return fail(400, "BadRequest", NULL_CONTENT, "update");
  const hasPlan = body.planId !== undefined && body.planId !== null;
  const hasQuantity = body.quantity !== undefined && body.quantity !== null;
  if (hasPlan && hasQuantity)
    return fail(400, "BadArgument", "Cannot patch more than one field in the same request", "update");
  if (!hasPlan && !hasQuantity) return fail(400, "BadRequest", NULL_CONTENT, "update");
  if (!sub.allowedCustomerOperations.includes("Update")) {
    return fail(
      400,
      "BadArgument",
      `Update is not in allowedCustomerOperations (${sub.allowedCustomerOperations.join(", ")}) of this subscription`,
      "update",
    );
  }
  if (sub.status !== "Subscribed") return fail(400, "BadRequest", "Subscription is not active", "update");
  let planId: string | undefined;
  let quantity: number | undefined;
  if (hasPlan) {
    if (typeof body.planId !== "string" || body.planId === "") return fail(400, "BadRequest", NULL_CONTENT, "update");
    const problem = planChangeProblem(ctx, sub, body.planId);
    if (problem) return fail(400, "BadRequest", problem, "update");
    planId = body.planId;
  } else {
    const parsed = parseQuantity(body.quantity);
    if (parsed === undefined || parsed === "invalid") return fail(400, "BadRequest", NULL_CONTENT, "update");
    const problem = quantityChangeProblem(ctx, sub, parsed);
    if (problem) return fail(400, "BadRequest", problem, "update");
    quantity = parsed;
  }
  if (pendingOperation(ctx, sub.id)) {
    return fail(
      400,
      "Failed",
      "Patch cannot be completed because the subscription is locked due to pending operations",
      "update",
    );
  }
  const op = createOperation(ctx, sub, {
    action: planId !== undefined ? "ChangePlan" : "ChangeQuantity",
    source: "Partner",
    inProgress: true,
    ...(planId !== undefined ? { planId } : {}),
    ...(quantity !== undefined ? { quantity } : {}),
  });
  scheduleDue(ctx, op, ctx.settings.operationDelayMs);
  return ok(op);
}

export function publisherDelete(ctx: SimContext, id: string): Result<OperationRecord> {
  const sub = findSubscription(ctx, id);
  if (!sub) return notFound(id);
  if (!sub.allowedCustomerOperations.includes("Delete")) {
    return fail(
      400,
      "BadArgument",
      `Delete is not in allowedCustomerOperations (${sub.allowedCustomerOperations.join(", ")}) of this subscription`,
      "delete",
    );
  }
  if (sub.status === "Unsubscribed")
    return fail(400, "BadRequest", "Subscription is already Unsubscribed; Unsubscribed is final", "delete");
  const pending = pendingOperation(ctx, sub.id);
  if (pending?.action === "Reinstate" && pending.source === "Azure") {
    // Newer docs: a publisher that can't reinstate refuses by cancelling the subscription.
    finishOperation(ctx, pending, "Failed", "The publisher cancelled the subscription instead of reinstating it.");
  } else if (pending) {
    return fail(
      409,
      "Conflict",
      "Delete cannot be completed because the subscription is locked due to pending operations",
      "delete",
    );
  }
  const op = createOperation(ctx, sub, { action: "Unsubscribe", source: "Partner", inProgress: true });
  scheduleDue(ctx, op, ctx.settings.operationDelayMs);
  return ok(op);
}
