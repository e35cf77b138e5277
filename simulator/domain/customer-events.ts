// What the customer (or CSP partner) does on Microsoft's side, and the webhooks it causes (source "Azure").
import { z } from "zod";
import type { OperationAction } from "../api-types";
import type { SimContext } from "../context";
import { DAY_MS } from "../core/clock";
import type { OperationRecord, SubscriptionRecord } from "../core/state";
import { notFound } from "./fulfillment";
import { applyAction, createOperation, findSubscription, pendingOperation, scheduleDue } from "./operations";
import { planChangeProblem, quantityChangeProblem } from "./publisher-changes";
import { fail, ok, type Result } from "./result";
import { reportStatus } from "./subscription-view";

export const CUSTOMER_EVENTS = [
  "change-plan",
  "change-quantity",
  "cancel",
  "suspend",
  "reinstate",
  "renew",
  "expire-grace",
  "auto-renew",
  "report-status",
] as const;
export type CustomerEvent = (typeof CUSTOMER_EVENTS)[number];

export const ZCustomerEventBody = z.object({
  planId: z.string().min(1).optional(),
  quantity: z.coerce.number().int().positive().optional(),
  /** auto-renew: the customer's setting in the Microsoft 365 admin center. */
  autoRenew: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean()).optional(),
  /** report-status: a saasSubscriptionStatus Microsoft has not documented; absent = the documented one again. */
  status: z.string().trim().min(1).max(100).optional(),
});

/** Suspended subscriptions are cancelled after this grace period without payment. */
export const GRACE_PERIOD_MS = 30 * DAY_MS;

export type EventOutcome = { subscription: SubscriptionRecord; operation?: OperationRecord };

/** Notify-only actions: applied at once, webhook with status Succeeded and the pre-change snapshot. */
function notice(ctx: SimContext, sub: SubscriptionRecord, action: OperationAction): EventOutcome {
  const snapshot = structuredClone(sub);
  const op = createOperation(ctx, sub, { action, source: "Azure", inProgress: false });
  applyAction(ctx, sub, op);
  ctx.webhooks.notify(op, snapshot);
  return { subscription: sub, operation: op };
}

/** Actions the publisher may refuse: InProgress until the ACK window closes (auto-accept) or an answer arrives. */
function pendingChange(
  ctx: SimContext,
  sub: SubscriptionRecord,
  action: OperationAction,
  target: { planId?: string; quantity?: number },
): EventOutcome {
  const op = createOperation(ctx, sub, { action, source: "Azure", inProgress: true, ...target });
  ctx.webhooks.notify(op, structuredClone(sub));
  scheduleDue(ctx, op, ctx.settings.ackWindowMs);
  return { subscription: sub, operation: op };
}

const requireStatus = (sub: SubscriptionRecord, ...allowed: SubscriptionRecord["status"][]): Result<true> =>
  allowed.includes(sub.status)
    ? ok(true)
    : fail(
        409,
        "Conflict",
        `Subscription is ${sub.status}; this event needs ${allowed.join(" or ")}`,
        "subscriptionId",
      );

export function customerEvent(
  ctx: SimContext,
  id: string,
  event: CustomerEvent,
  body: z.infer<typeof ZCustomerEventBody>,
): Result<EventOutcome> {
  const sub = findSubscription(ctx, id);
  if (!sub) return notFound(id);
  const pending = pendingOperation(ctx, sub.id);
  if (pending)
    return fail(
      409,
      "Conflict",
      `Subscription is locked by the pending ${pending.action} operation ${pending.id}`,
      "subscriptionId",
    );
  switch (event) {
    case "change-plan": {
      const status = requireStatus(sub, "Subscribed");
      if (!status.ok) return status;
      if (!body.planId) return fail(400, "BadArgument", "planId is required", "planId");
      const problem = planChangeProblem(ctx, sub, body.planId);
      if (problem) return fail(400, "BadArgument", problem, "planId");
      return ok(pendingChange(ctx, sub, "ChangePlan", { planId: body.planId }));
    }
    case "change-quantity": {
      const status = requireStatus(sub, "Subscribed");
      if (!status.ok) return status;
      if (body.quantity === undefined) return fail(400, "BadArgument", "quantity is required", "quantity");
      const problem = quantityChangeProblem(ctx, sub, body.quantity);
      if (problem) return fail(400, "BadArgument", problem, "quantity");
      return ok(pendingChange(ctx, sub, "ChangeQuantity", { quantity: body.quantity }));
    }
    case "cancel": {
      const status = requireStatus(sub, "PendingFulfillmentStart", "Subscribed", "Suspended");
      return status.ok ? ok(notice(ctx, sub, "Unsubscribe")) : status;
    }
    case "suspend": {
      const status = requireStatus(sub, "Subscribed");
      return status.ok ? ok(notice(ctx, sub, "Suspend")) : status;
    }
    case "reinstate": {
      const status = requireStatus(sub, "Suspended");
      return status.ok ? ok(pendingChange(ctx, sub, "Reinstate", {})) : status;
    }
    case "renew": {
      const status = requireStatus(sub, "Subscribed");
      if (!status.ok) return status;
      // autoRenew off: the term ends with a cancellation instead of a renewal.
      return ok(notice(ctx, sub, sub.autoRenew ? "Renew" : "Unsubscribe"));
    }
    case "auto-renew": {
      // Microsoft sends no webhook for this setting; the publisher sees it on GET (and at term end).
      if (body.autoRenew === undefined)
        return fail(400, "BadArgument", "autoRenew (true or false) is required", "autoRenew");
      const status = requireStatus(sub, "PendingFulfillmentStart", "Subscribed", "Suspended");
      if (!status.ok) return status;
      sub.autoRenew = body.autoRenew;
      ctx.store.changed();
      return ok({ subscription: sub });
    }
    case "report-status": {
      // Not a customer action: Microsoft adding a status value without notice (as it added the Subscribe
      // action). Reads show it; no webhook, and the subscription's lifecycle goes on unchanged.
      reportStatus(sub, body.status);
      return ok({ subscription: sub });
    }
    case "expire-grace": {
      const status = requireStatus(sub, "Suspended");
      return status.ok ? ok(notice(ctx, sub, "Unsubscribe")) : status;
    }
  }
}

/** After the clock moved: subscriptions suspended for 30 days or more are cancelled (Unsubscribe webhook). */
export function expireGracePeriods(ctx: SimContext): string[] {
  const expired: string[] = [];
  for (const sub of ctx.store.state.subscriptions) {
    const since = sub.sim.suspendedAt ? new Date(sub.sim.suspendedAt).getTime() : undefined;
    if (
      sub.status === "Suspended" &&
      since !== undefined &&
      ctx.clock.nowMs() - since >= GRACE_PERIOD_MS &&
      !pendingOperation(ctx, sub.id)
    ) {
      notice(ctx, sub, "Unsubscribe");
      expired.push(sub.id);
    }
  }
  return expired;
}
