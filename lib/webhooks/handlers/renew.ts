import type { SubscriptionSnapshot } from "@/lib/marketplace";
import { notice, type ActionHandler, type Before } from "./types";

/**
 * The term rolled over: the new term dates come from Get Subscription. The status says nothing (it is
 * Subscribed before and after), so the Renew shows only once Microsoft's term is later than the one the
 * portal had: a Get Subscription that lags behind the renewal still shows the old term, and storing that
 * as the renewal would keep the old dates until reconciliation.
 */
export const renew: ActionHandler = {
  act: notice,
  shows: (s, _op, before) => s.status === "Subscribed" && termRolledForward(s.term, before),
};

type Term = SubscriptionSnapshot["term"];
type Dates = { startDate?: Date | null; endDate?: Date | null };

const time = (d: Date | null | undefined) => d?.getTime();
const later = (a: Dates, b: Dates) =>
  (time(a.endDate) ?? -Infinity) > (time(b.endDate) ?? Infinity) ||
  (time(a.startDate) ?? -Infinity) > (time(b.startDate) ?? Infinity);
const hasDates = (t: Dates | undefined): t is Dates => !!t && (t.startDate != null || t.endDate != null);
const same = (a: Dates, b: Dates) => time(a.startDate) === time(b.startDate) && time(a.endDate) === time(b.endDate);

export function termRolledForward(term: Term, { stored, payload }: Before): boolean {
  const old = stored ? { startDate: stored.termStartDate, endDate: stored.termEndDate } : undefined;
  // Nothing to compare (a subscription the portal never saw, a term without dates): the status decides.
  if (!hasDates(term) || !hasDates(old)) return true;
  if (later(term, old)) return true;
  // The portal already has this term (an earlier attempt of this delivery stored it, or reconciliation):
  // it is the renewed one if the payload's snapshot, taken before the renewal, shows an older term.
  const hinted = payload.subscription?.term;
  return same(term, old) && hasDates(hinted) && later(term, hinted);
}
