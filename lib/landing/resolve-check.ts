import type { ResolvedSubscription } from "@/lib/marketplace";
import { isGuid } from "@/lib/domain/ids";

/**
 * Why a Resolve answer cannot be acted on, or undefined when it can. Everything after Resolve needs the
 * subscription's GUID (Activate, Get, the portal's row), its offer and its plan: an answer without them
 * could only lead to a Confirm button that fails, so the buyer is told the link is not valid instead and
 * nothing is stored. The problem names fields, never their values.
 */
export function resolveAnswerProblem(resolved: ResolvedSubscription): string | undefined {
  if (!isGuid(resolved.id)) return "the subscription id is not a GUID";
  const embedded = resolved.subscription;
  if (embedded && embedded.id.toLowerCase() !== resolved.id.toLowerCase())
    return "the embedded subscription has another id";
  if (!resolved.offerId && !embedded?.offerId) return "no offer id";
  if (!resolved.planId && !embedded?.planId) return "no plan id";
  return undefined;
}
