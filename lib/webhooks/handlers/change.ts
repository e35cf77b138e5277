import type { WebhookSettings } from "@/lib/env";
import { isMarketplaceError } from "@/lib/marketplace";
import { decidePlanChange, decideQuantityChange, type Current, type Decision } from "../policy";
import { readAgain, type ActionHandler, type HandlerContext, type HandlerResult, type PolicyDecision } from "./types";

/**
 * ChangePlan and ChangeQuantity. A customer's change (source Azure) waits for the publisher's answer:
 * the policy decides, and the answer goes to Microsoft as PATCH Success/Failure within the 10-second
 * window. If a refusal cannot be sent, the delivery fails and the queue retries it (within the window it
 * may still count); if an acceptance cannot be sent, no answer is one too (Microsoft accepts when its
 * window closes). Neither waits for Microsoft's subscription to show the result (it may lag): apply.ts
 * follows it up. Changes the publisher asked for itself (source Partner) are done by
 * the time the webhook arrives, and are never acknowledged: Microsoft answers those with 500.
 */

export const undecided = (status: string | undefined) => status === "InProgress" || status === "NotStarted";

/** The policy's answer to a change of `kind` to `target` (the operation's, or the payload's if Microsoft did not answer). */
export function decideChange(
  settings: WebhookSettings,
  current: Current,
  kind: "plan" | "quantity",
  target: { planId?: string; quantity?: number },
): Decision {
  return kind === "plan"
    ? decidePlanChange(settings, current, target.planId ?? current.planId)
    : decideQuantityChange(settings, current, target.quantity ?? null);
}

/** The decision as audited: webhook.<Action>.accepted|refused, from and to. */
export function decisionAudit(
  action: string,
  operationId: string,
  current: Current,
  kind: "plan" | "quantity",
  target: { planId?: string; quantity?: number },
  decision: Decision,
): PolicyDecision {
  const details =
    kind === "plan"
      ? { operationId, from: current.planId, to: target.planId }
      : { operationId, from: current.quantity, to: target.quantity };
  return {
    action: `webhook.${action}.${decision.accept ? "accepted" : "refused"}`,
    accept: decision.accept,
    reason: decision.reason,
    details,
  };
}

async function decideAndAnswer(context: HandlerContext, kind: "plan" | "quantity"): Promise<HandlerResult> {
  const { op, reading, current, settings, microsoft, payload } = context;
  const decision = decideChange(settings, current, kind, op);
  const policy = decisionAudit(payload.action, op.id, current, kind, op, decision);
  try {
    await microsoft.acknowledge(op.subscriptionId, op.id, decision.accept ? "Success" : "Failure");
  } catch (e) {
    if (!isMarketplaceError(e)) throw e;
    if (e.kind === "conflict") {
      // 409: no longer in progress (Microsoft's window closed and it accepted on its own). Read what happened.
      const now = await microsoft.getOperation(op.subscriptionId, op.id).catch(() => undefined);
      return {
        operationStatus: now?.status ?? "Succeeded",
        reading: await readAgain(microsoft, op.subscriptionId),
        decided: true,
        note: "Microsoft had already closed the operation (the answer came too late).",
      };
    }
    // A refusal that did not reach Microsoft counts for nothing: the queue retries while the window is open.
    if (!decision.accept) throw e;
    return {
      operationStatus: "Succeeded",
      reading: await readAgain(microsoft, op.subscriptionId),
      decision: policy,
      decided: true,
      note: `Accepted: ${decision.reason}. The acceptance could not be sent (${e.operation}: ${e.kind}); Microsoft accepts a change it gets no answer for.`,
    };
  }
  // A refusal leaves the subscription as it was read; an acceptance changes it (when Microsoft's view catches up).
  const after = decision.accept ? await readAgain(microsoft, op.subscriptionId) : reading;
  return {
    operationStatus: decision.accept ? "Succeeded" : "Failed",
    reading: after,
    decision: policy,
    decided: true,
    note: `${decision.accept ? "Accepted" : "Refused"}: ${decision.reason}.`,
  };
}

function handler(kind: "plan" | "quantity"): ActionHandler {
  return {
    async act(context) {
      if (!context.byPublisher && undecided(context.op.status)) return decideAndAnswer(context, kind);
      return { operationStatus: context.op.status, reading: context.reading, decided: !undecided(context.op.status) };
    },
    shows:
      kind === "plan"
        ? (s, op) => s.planId === op.planId
        : (s, op) => op.quantity === undefined || s.quantity === op.quantity,
  };
}

export const changePlan = handler("plan");
export const changeQuantity = handler("quantity");
