import "server-only";
import { recordReadBack, sentPerDay, type DayCheck } from "@/lib/data/usage-readback";
import { log } from "@/lib/log";
import { getMarketplaceClient, type MarketplaceClient } from "@/lib/marketplace";
import { roundQuantity } from "./decide";

/**
 * The daily read-back: Microsoft's own account of the usage it received (GET /usageEvents, daily
 * aggregates) against what the portal had it accept. A Rejected or Mismatch reconStatus, a different
 * submitted quantity, or a day Microsoft does not list flags that day's hours for a person.
 */

const DAY_MS = 24 * 3600_000;
/** Days read back: the window in which the portal sends, plus a margin for Microsoft's processing. */
export const READ_BACK_DAYS = 3;

export type ReadBackReport = { days: number; flagged: number };

const dayKey = (s: string, d: string, day: Date) => `${s.toLowerCase()}|${d}|${day.toISOString().slice(0, 10)}`;

export async function readBackUsage(options: { now?: Date; client?: MarketplaceClient } = {}): Promise<ReadBackReport> {
  const now = options.now ?? new Date();
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const from = new Date(today.getTime() - READ_BACK_DAYS * DAY_MS);
  const sent = await sentPerDay(from, new Date(today.getTime() + DAY_MS));
  if (sent.length === 0) return { days: 0, flagged: 0 };
  const client = options.client ?? getMarketplaceClient();
  const reported = await client.getUsageEvents({
    usageStartDate: from.toISOString().slice(0, 10),
    UsageEndDate: today.toISOString().slice(0, 10),
  });
  const theirs = new Map<string, { reconStatus: string | null; submitted: number }>();
  for (const row of reported) {
    if (!row.usageResourceId || !row.dimension || !row.usageDate) continue;
    const key = dayKey(row.usageResourceId, row.dimension, row.usageDate);
    const seen = theirs.get(key);
    theirs.set(key, {
      reconStatus: row.reconStatus ?? seen?.reconStatus ?? null,
      submitted: (seen?.submitted ?? 0) + (row.submittedQuantity ?? 0),
    });
  }
  const checks: DayCheck[] = sent.map((day) => {
    const entry = theirs.get(dayKey(day.subscriptionId, day.dimension, day.day));
    const base = { subscriptionId: day.subscriptionId, dimension: day.dimension, day: day.day };
    return {
      ...base,
      reconStatus: entry?.reconStatus ?? null,
      problem: problemOf(day.quantity, day.day, today, entry),
    };
  });
  const flagged = await recordReadBack(checks, now);
  if (flagged) log.warn({ flagged }, "metering: read-back flagged hours");
  return { days: checks.length, flagged };
}

function problemOf(
  sent: number,
  day: Date,
  today: Date,
  theirs: { reconStatus: string | null; submitted: number } | undefined,
): string | null {
  // Today's aggregate may not include the latest events yet.
  if (!theirs)
    return day < today
      ? "Microsoft's usage report does not list this day's usage. Check Partner Center's usage report; contact Microsoft support if it stays missing."
      : null;
  if (theirs.reconStatus === "Rejected")
    return "Microsoft's reconciliation rejected this day's usage (reconStatus Rejected). Contact Microsoft support with the usage event ids.";
  if (theirs.reconStatus === "Mismatch")
    return "Microsoft's reconciliation found a mismatch for this day (reconStatus Mismatch). Compare with Partner Center's usage report.";
  if (roundQuantity(theirs.submitted) !== roundQuantity(sent))
    return `Microsoft lists ${theirs.submitted} units submitted for this day, the portal had ${sent} accepted. Find which events differ (usage event ids).`;
  return null;
}
