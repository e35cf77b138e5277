import "server-only";
import type { DeliveryRecord } from "@/lib/data/deliveries";
import type { SubscriptionRecord } from "@/lib/data/subscriptions";
import type { WebhookSettings } from "@/lib/env";
import { log } from "@/lib/log";
import { followUp } from "./follow-up";
import type { Before } from "./handlers";
import { decideChange, decisionAudit } from "./handlers/change";
import type { MicrosoftCalls, Reading } from "./microsoft";
import type { KnownAction, WebhookPayload } from "./payload";
import type { Current, Decision } from "./policy";
import type { ApplyResult } from "./result";
import { storeResult } from "./store";

/**
 * A customer's change judged before Microsoft confirmed it: the policy's verdict on the payload (whose
 * token proved it is Microsoft's), and refusing it in time when Microsoft's Operations API does not answer.
 */

/** The subscription as the policy judges it: Microsoft's reading, else the portal's copy, else the payload's snapshot. */
export function currentOf(reading: Reading | undefined, { stored, payload }: Before): Current {
  if (reading) return reading.snapshot;
  if (stored) return { offerId: stored.offerId, planId: stored.planId, quantity: stored.quantity };
  const s = payload.subscription;
  // A ChangeQuantity's top-level planId is the subscription's plan; a ChangePlan's is the target.
  return {
    offerId: s?.offerId ?? payload.offerId ?? "",
    planId: s?.planId ?? (payload.action === "ChangeQuantity" ? payload.planId : undefined) ?? "",
    quantity: s?.quantity ?? null,
  };
}

export type Refusal = { kind: "plan" | "quantity"; current: Current; decision: Decision };

/** The policy's refusal of a customer's change as the payload describes it (undefined: it would accept). */
export function refusalOnHint(
  payload: WebhookPayload,
  action: "ChangePlan" | "ChangeQuantity",
  settings: WebhookSettings,
  before: Before,
): Refusal | undefined {
  const kind = action === "ChangePlan" ? "plan" : "quantity";
  const current = currentOf(undefined, before);
  const decision = decideChange(settings, current, kind, payload);
  return decision.accept ? undefined : { kind, current, decision };
}

/**
 * Microsoft's Operations API did not answer in time for a customer's change the policy refuses (judged on
 * the payload, whose token proved it is Microsoft's): the refusal (PATCH Failure) is sent on the payload's
 * word, since a refusal after the 10-second window counts for nothing. If it cannot be sent either, the
 * delivery fails and the queue retries: by then Microsoft may have closed the operation (accepted it).
 * (A change the policy accepts waits for the retry instead: an unanswered change is accepted anyway.)
 */
export async function refuseUnconfirmed(
  delivery: DeliveryRecord,
  payload: WebhookPayload,
  action: KnownAction,
  { kind, current, decision }: Refusal,
  stored: SubscriptionRecord | null | undefined,
  microsoft: MicrosoftCalls,
): Promise<ApplyResult> {
  await microsoft.acknowledge(payload.subscriptionId, payload.id, "Failure");
  const note = `Refused (${decision.reason}) on the payload's word: Microsoft's Operations API did not answer in time to confirm the change, and a refusal counts only within Microsoft's 10-second window.`;
  const outcome = `${note} Microsoft's state is read in the background.`;
  await storeResult({
    action,
    subscriptionId: payload.subscriptionId,
    reading: undefined,
    decision: decisionAudit(action, payload.id, current, kind, payload, decision),
    seen: stored,
  });
  log.warn(
    { operationId: payload.id, subscriptionId: payload.subscriptionId },
    "webhook: change refused on the payload's word (Get Operation did not answer in time)",
  );
  const later = () =>
    followUp({
      deliveryId: delivery.id,
      operationId: payload.id,
      subscriptionId: payload.subscriptionId,
      action,
      shows: () => true,
      note,
    });
  return { httpStatus: 200, status: "Pending", outcome, followUp: later };
}
