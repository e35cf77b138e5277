import { isMarketplaceError } from "@/lib/marketplace";
import { log } from "@/lib/log";
import { decideReinstate } from "../policy";
import { undecided } from "./change";
import { readAgain, type ActionHandler, type PolicyDecision } from "./types";

/**
 * Reinstate: the customer fixed the payment of a Suspended subscription. Refusing cancels the
 * subscription (DELETE), as Microsoft's current documentation advises; the Unsubscribe webhook follows.
 * Accepting acknowledges it with PATCH Success, but only as a courtesy: Microsoft no longer waits for that
 * PATCH (reference §6.2; its own emulator reinstates whatever the answer), so a PATCH that fails or hangs
 * changes nothing and the webhook still answers 200. Microsoft's subscription shows Subscribed again when
 * Microsoft is done; apply.ts follows that up.
 */
export const reinstate: ActionHandler = {
  async act({ op, reading, settings, microsoft, byPublisher }) {
    if (byPublisher || !undecided(op.status))
      return { operationStatus: op.status, reading, decided: !undecided(op.status) };
    const decision = decideReinstate(settings);
    const policy: PolicyDecision = {
      action: `webhook.Reinstate.${decision.accept ? "accepted" : "refused"}`,
      accept: decision.accept,
      reason: decision.reason,
      details: { operationId: op.id },
    };
    if (decision.accept) {
      let note = `Accepted: ${decision.reason}.`;
      try {
        await microsoft.acknowledge(op.subscriptionId, op.id, "Success");
      } catch (e) {
        if (!isMarketplaceError(e)) throw e;
        log.info(
          { operationId: op.id, kind: e.kind, status: e.status },
          "reinstatement acknowledgement not sent; Microsoft reinstates without it",
        );
        if (e.kind !== "conflict")
          note += ` The acknowledgement (PATCH Success) did not go through (${e.kind}); Microsoft reinstates without it.`;
      }
      return {
        operationStatus: "Succeeded",
        reading: await readAgain(microsoft, op.subscriptionId),
        decision: policy,
        decided: true,
        note,
      };
    }
    let requested: string;
    try {
      const cancellation = await microsoft.cancel(op.subscriptionId);
      policy.details = { ...policy.details, cancellationOperationId: cancellation ?? null };
      requested = `Cancellation requested${cancellation ? ` (operation ${cancellation})` : ""}.`;
    } catch (e) {
      // A DELETE is never sent twice (lib/marketplace/http.ts): its answer lost, it may be running at
      // Microsoft; a 409 means an operation (perhaps this very cancellation) is already pending. Either way
      // a redelivery could only send it again: the Unsubscribe webhook or reconciliation will show the end.
      if (!isMarketplaceError(e) || !(e.outcomeUnknown || e.kind === "conflict")) throw e;
      requested = e.outcomeUnknown
        ? "The cancellation (DELETE) may have reached Microsoft but its answer was lost; the Unsubscribe webhook or the next reconciliation will show it."
        : "Microsoft answered that an operation is already pending on the subscription (409); the Unsubscribe webhook or the next reconciliation will show the outcome.";
    }
    return {
      operationStatus: "Failed",
      reading: await readAgain(microsoft, op.subscriptionId),
      decision: policy,
      decided: true,
      note: `Refused: ${decision.reason}. ${requested}`,
    };
  },
  shows: (s) => s.status === "Subscribed",
};
