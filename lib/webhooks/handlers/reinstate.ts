import { isMarketplaceError } from "@/lib/marketplace";
import { decideReinstate } from "../policy";
import type { ActionHandler, PolicyDecision } from "./types";

/**
 * Reinstate: the customer fixed the payment of a Suspended subscription. Accepting acknowledges it (PATCH
 * Success, harmless where Microsoft no longer waits for it). Refusing cancels the subscription (DELETE), as
 * Microsoft's current documentation advises; the Unsubscribe webhook follows.
 */
export const reinstate: ActionHandler = {
  async act({ op, reading, settings, microsoft, byPublisher }) {
    if (byPublisher || (op.status !== "InProgress" && op.status !== "NotStarted")) return { operationStatus: op.status, reading };
    const decision = decideReinstate(settings);
    const policy: PolicyDecision = { action: `webhook.Reinstate.${decision.accept ? "accepted" : "refused"}`, accept: decision.accept, reason: decision.reason, details: { operationId: op.id } };
    if (decision.accept) {
      try {
        await microsoft.acknowledge(op.subscriptionId, op.id, "Success");
      } catch (e) {
        if (!isMarketplaceError(e, "conflict")) throw e;
      }
      return { operationStatus: "Succeeded", reading: await microsoft.readSubscription(op.subscriptionId), decision: policy, note: `Accepted: ${decision.reason}.` };
    }
    const cancellation = await microsoft.cancel(op.subscriptionId);
    policy.details = { ...policy.details, cancellationOperationId: cancellation ?? null };
    return {
      operationStatus: "Failed",
      reading: await microsoft.readSubscription(op.subscriptionId),
      decision: policy,
      note: `Refused: ${decision.reason}. Cancellation requested${cancellation ? ` (operation ${cancellation})` : ""}.`,
    };
  },
  shows: (s) => s.status === "Subscribed",
};
