import "server-only";
import { markProvisioned, markProvisioningFailed, type AnswerOutcome } from "@/lib/data/provisioning";
import type { Actor } from "@/lib/domain/events";
import { enqueueProvisionedActivation } from "./provisioning-tasks";

/**
 * The provisioning gate (Admin → Settings): the buyer's confirmation asks the ISV to provision, and the
 * portal activates at Microsoft only once the ISV answers `provisioned`. The activation is then the landing
 * page's own, run by a job: the same claim (one Activate across requests, jobs and instances), "already
 * Subscribed" counted as done, and recorded as the activation of the buyer who confirmed, with what they
 * entered (provisioned-activation.ts). A failure answer leaves the purchase pending (Microsoft cancels it 30
 * days after purchase).
 */

/** The ISV's key, as the actor of its answers on the timeline (never the key itself: its public prefix). */
export const apiKeyActor = (key: { prefix: string; name: string }): Actor => ({
  type: "system",
  id: `api key ${key.prefix} (${key.name})`,
});

/** `provisioned`: records it and queues the activation in the same transaction (once, however often it is said). */
export function answerProvisioned(subscriptionId: string, actor: Actor, message?: string): Promise<AnswerOutcome> {
  return markProvisioned(subscriptionId, actor, message, (tx) => enqueueProvisionedActivation(subscriptionId, tx));
}

export function answerProvisioningFailed(
  subscriptionId: string,
  actor: Actor,
  failure: { reason: string; buyerMessage?: string },
): Promise<AnswerOutcome> {
  return markProvisioningFailed(subscriptionId, actor, failure);
}
