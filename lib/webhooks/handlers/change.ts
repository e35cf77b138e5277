import { isMarketplaceError } from "@/lib/marketplace";
import { decidePlanChange, decideQuantityChange } from "../policy";
import type { ActionHandler, HandlerContext, HandlerResult } from "./types";

/**
 * ChangePlan and ChangeQuantity. A customer's change (source Azure) waits for the publisher's answer:
 * the policy decides, and the answer goes to Microsoft as PATCH Success/Failure within the 10-second
 * window. If a refusal cannot be sent, the webhook answers 400 instead, Microsoft's other way to refuse.
 * Changes the publisher asked for itself (source Partner) are done by the time the webhook arrives, and
 * are never acknowledged: Microsoft answers those with 500.
 */

const undecided = (status: string) => status === "InProgress" || status === "NotStarted";

async function decideAndAnswer(context: HandlerContext, kind: "plan" | "quantity"): Promise<HandlerResult> {
  const { op, reading, settings, microsoft, payload } = context;
  const current = reading.snapshot;
  const decision =
    kind === "plan"
      ? decidePlanChange(settings, current, op.planId ?? current.planId)
      : decideQuantityChange(settings, current, op.quantity ?? null);
  const details = kind === "plan" ? { operationId: op.id, from: current.planId, to: op.planId } : { operationId: op.id, from: current.quantity, to: op.quantity };
  const policy = { action: `webhook.${payload.action}.${decision.accept ? "accepted" : "refused"}`, accept: decision.accept, reason: decision.reason, details };
  try {
    await microsoft.acknowledge(op.subscriptionId, op.id, decision.accept ? "Success" : "Failure");
  } catch (e) {
    if (isMarketplaceError(e, "conflict")) {
      // 409: no longer in progress (Microsoft's window closed and it accepted on its own). Read what happened.
      const now = await microsoft.getOperation(op.subscriptionId, op.id);
      return { operationStatus: now.status, reading: await microsoft.readSubscription(op.subscriptionId), note: "Microsoft had already closed the operation (the answer came too late)." };
    }
    if (decision.accept) throw e; // Microsoft accepts on its own when no answer comes; its retry will store the result.
    return { operationStatus: "Failed", reading, decision: policy, answer: 400, note: `Refused (${decision.reason}); the refusal could not be sent, so the webhook answered 400.` };
  }
  const after = await microsoft.readSubscription(op.subscriptionId);
  return { operationStatus: decision.accept ? "Succeeded" : "Failed", reading: after, decision: policy, note: `${decision.accept ? "Accepted" : "Refused"}: ${decision.reason}.` };
}

function handler(kind: "plan" | "quantity"): ActionHandler {
  return {
    async act(context) {
      if (!context.byPublisher && undecided(context.op.status)) return decideAndAnswer(context, kind);
      return { operationStatus: context.op.status, reading: context.reading };
    },
    shows: kind === "plan" ? (s, op) => s.planId === op.planId : (s, op) => op.quantity === undefined || s.quantity === op.quantity,
  };
}

export const changePlan = handler("plan");
export const changeQuantity = handler("quantity");
