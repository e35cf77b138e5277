import "server-only";
import type { AnswerOutcome } from "@/lib/data/provisioning";
import { json, problem } from "@/lib/http/respond";
import { toApiProvisioning } from "@/lib/integration-api/subscriptions";

/** The two provisioning answers' responses: the state, or a problem that says what happened instead. */
export function provisioningAnswerResponse(outcome: AnswerOutcome): Response {
  switch (outcome.kind) {
    case "answered":
    case "unchanged":
      return json(toApiProvisioning(outcome.row));
    case "not-found":
      return problem({
        type: "not-found",
        detail:
          "The portal knows no subscription with this id. Use the id of the subscription.provisioning_requested event.",
      });
    case "not-requested":
      return problem({
        type: "conflict",
        detail: outcome.row.activatedAt
          ? "Nobody asked to provision this subscription: it was activated without the provisioning gate (the gate was off when the buyer confirmed). Nothing was changed."
          : "Nobody asked to provision this subscription yet: the buyer has not confirmed it with the provisioning gate on. Wait for its subscription.provisioning_requested event. Nothing was changed.",
      });
    case "conflict":
      return problem({
        type: "conflict",
        detail:
          outcome.reason === "cancelled"
            ? "This purchase was cancelled before it was activated: there is nothing to activate. Nothing was changed."
            : "Provisioning of this subscription was already reported done; its activation at Microsoft follows or has happened, so a failure can no longer be reported. Nothing was changed.",
      });
  }
}
