import { isMarketplaceError } from "@/lib/marketplace";

/**
 * Why a reconciliation run failed, in words an admin can act on: which step, what Microsoft or the
 * database said (never a token or personal data: MarketplaceError messages are safe to show), what was
 * kept, and what happens next.
 */

const KEPT = (pages: number) =>
  pages === 0
    ? "Nothing was changed."
    : `The ${pages} page${pages === 1 ? "" : "s"} before it ${pages === 1 ? "was" : "were"} reconciled and ${pages === 1 ? "is" : "are"} kept.`;

export function failureMessage(e: unknown, pagesDone: number): string {
  const page = pagesDone + 1;
  if (isMarketplaceError(e)) {
    const reference = e.requestId ? ` Microsoft request id: ${e.requestId}.` : "";
    const tried = e.attempts > 1 ? ` (after ${e.attempts} attempts)` : "";
    return `Microsoft's List Subscriptions failed on page ${page}${tried}: ${e.message} ${KEPT(pagesDone)} The next run starts again from the first page.${reference}`;
  }
  return `The portal could not store page ${page} in its database. ${KEPT(pagesDone)} Check the portal's log for this run's id, then run it again.`;
}

export function unreadableMessage(unreadable: { id: string; problem: string }[], checked: number): string {
  const first = unreadable[0];
  const ids = unreadable
    .slice(0, 3)
    .map((u) => u.id)
    .join(", ");
  return (
    `${unreadable.length} of ${checked} subscriptions could not be read and were left as they are (${ids}${unreadable.length > 3 ? ", …" : ""}): ${first?.problem ?? ""} ` +
    "The others were reconciled. If Microsoft added a new status, the portal needs an update."
  );
}
