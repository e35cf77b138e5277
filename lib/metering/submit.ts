import "server-only";
import { randomUUID } from "node:crypto";
import {
  finishHours,
  rollUpAndClaim,
  subscriptionsWithDueUsage,
  type DueHour,
  type HourOutcome,
} from "@/lib/data/usage-hours";
import { findMeteringSubscriptions } from "@/lib/data/usage-ingest";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { getMarketplaceClient, isMarketplaceError, MAX_BATCH_EVENTS, type MarketplaceClient } from "@/lib/marketplace";
import { decideHours } from "./decide";
import { outcomeOf, retryOrFlag } from "./outcome";
import { meteringPlans } from "./plans";

/**
 * The hourly job's work: roll up the hours that ended, decide each hour's included and overage
 * quantities, claim the hours to send, send them to Microsoft in batches of 25, and record every item's
 * answer. Claims are taken a chunk at a time, so a lease (the time after which another runner may take a
 * claim over) covers one chunk's calls, not a whole run.
 */

/** A claim older than this is taken over: its runner died (one chunk is 20 batches, each at most 30 s). */
export const SENDING_LEASE_MS = 15 * 60_000;
const CHUNK = 500;

export type SubmitOptions = {
  now?: Date;
  client?: MarketplaceClient;
  dryRun?: boolean;
  runner?: string;
  leaseMs?: number;
};

export type SubmitReport = {
  rolledUpRecords: number;
  folded: number;
  sent: number;
  batches: number;
  accepted: number;
  flagged: number;
  retrying: number;
};

export async function submitUsage(options: SubmitOptions = {}): Promise<SubmitReport> {
  const now = options.now ?? new Date();
  const runner = options.runner ?? `metering:${randomUUID()}`;
  const dryRun = options.dryRun ?? getEnv().metering.dryRun;
  const report: SubmitReport = {
    rolledUpRecords: 0,
    folded: 0,
    sent: 0,
    batches: 0,
    accepted: 0,
    flagged: 0,
    retrying: 0,
  };
  for (;;) {
    const subscriptions = await findMeteringSubscriptions(await subscriptionsWithDueUsage(now));
    const plans = await meteringPlans(subscriptions.values(), now, options.client);
    const round = await rollUpAndClaim({
      now,
      runner,
      leaseMs: options.leaseMs ?? SENDING_LEASE_MS,
      limit: CHUNK,
      decide: (hours, used) => decideHours(hours, used, { subscriptions, plans, now, dryRun }),
    });
    report.rolledUpRecords += round.rolledUp.records;
    report.folded += round.rolledUp.folded;
    for (let i = 0; i < round.claimed.length; i += MAX_BATCH_EVENTS) {
      const batch = round.claimed.slice(i, i + MAX_BATCH_EVENTS);
      const outcomes = await sendBatch(batch, now, options.client ?? getMarketplaceClient());
      await finishHours(outcomes, runner, now);
      report.batches += 1;
      report.sent += batch.length;
      for (const o of outcomes) {
        if (o.kind === "done") report.accepted += 1;
        else if (o.kind === "flagged") report.flagged += 1;
        else report.retrying += 1;
      }
    }
    // A full chunk may hide more; a chunk where nothing could be decided (plans unavailable) would repeat.
    if (round.due < CHUNK || round.settled === 0) break;
  }
  if (report.sent || report.rolledUpRecords) log.info({ ...report, dryRun }, "metering: usage submitted");
  return report;
}

async function sendBatch(hours: readonly DueHour[], now: Date, client: MarketplaceClient): Promise<HourOutcome[]> {
  const events = hours.map((h) => ({
    resourceId: h.subscriptionId,
    quantity: h.overage,
    dimension: h.dimension,
    effectiveStartTime: h.hourStart.toISOString(),
    planId: h.planId ?? "",
  }));
  try {
    const { results } = await client.batchUsageEvent(events);
    return hours.map((h, index) => outcomeOf(h, itemFor(h, index, results), now));
  } catch (e) {
    // 429 and 5xx were retried by the client already. The batch may have reached Microsoft: sending it
    // again later is safe, because Microsoft answers Duplicate with the event it accepted.
    log.warn(
      { kind: isMarketplaceError(e) ? e.kind : "error", events: hours.length },
      "metering: batchUsageEvent failed; the hours are sent again later",
    );
    return hours.map((h) => retryOrFlag(h, null, now, "Microsoft could not be reached, or kept failing."));
  }
}

type Item = Awaited<ReturnType<MarketplaceClient["batchUsageEvent"]>>["results"][number];

/** Microsoft answers in the request's order; an answer whose echoed fields name another hour is looked up by them. */
function itemFor(hour: DueHour, index: number, results: readonly Item[]): Item | undefined {
  const matches = (r: Item | undefined) =>
    r !== undefined &&
    (r.resourceId === undefined || r.resourceId.toLowerCase() === hour.subscriptionId) &&
    (r.dimension === undefined || r.dimension === hour.dimension) &&
    (r.effectiveStartTime === undefined ||
      Math.floor(r.effectiveStartTime.getTime() / 3600_000) === Math.floor(hour.hourStart.getTime() / 3600_000));
  const inPlace = results[index];
  return matches(inPlace) ? inPlace : results.find(matches);
}
