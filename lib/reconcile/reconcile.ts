import "server-only";
import { claimRun, finishRun, getRun, touchRun, type ClaimOutcome, type RunRecord } from "@/lib/data/reconciliation";
import { syncSubscriptionPages, type FetchedPage } from "@/lib/data/reconciliation-sync";
import { listUnrecordedActivations } from "@/lib/data/subscriptions";
import { log, withRequestId } from "@/lib/log";
import {
  getMarketplaceClient,
  isMarketplaceError,
  toSubscriptionSnapshot,
  type MarketplaceClient,
  type SubscriptionPage,
  type SubscriptionSnapshot,
} from "@/lib/marketplace";
import { recoverInterruptedActivation } from "@/lib/landing/landing";
import { failureMessage, unreadableMessage } from "./messages";
import { FetchError, runPipeline } from "./pipeline";

/**
 * Reconciliation: pages through Microsoft's List Subscriptions (every status, Unsubscribed included) and
 * stores Microsoft's view wherever the portal's copy differs — missed or refused webhooks, changes made
 * while the portal was down — auditing each repair as the system actor "reconciliation". One run at a
 * time across all portal instances (lib/data/reconciliation.ts); progress is written with every batch of
 * pages, in the same transaction as the repairs.
 */

export type ReconcileOptions = {
  /** Defaults to the portal's client (Microsoft, or the simulator locally). */
  client?: MarketplaceClient;
  /** A Running run whose heartbeat is older than this is taken over. */
  staleAfterMs?: number;
  /** How often a run renews its lease while it waits for Microsoft or the database. */
  heartbeatMs?: number;
  /** Scheduled runs: skip when any run started this recently. */
  skipIfStartedWithinMs?: number;
  /** Pages read ahead from Microsoft while the database writes (bounds memory). */
  maxBufferedPages?: number;
  /** Pages written in one transaction when several have arrived (keeps transactions short). */
  maxPagesPerWrite?: number;
};

export const LEASE_STALE_MS = 90_000;
export const HEARTBEAT_MS = 10_000;

export type StartOutcome =
  | { started: true; run: RunRecord; tookOver: RunRecord | null; done: Promise<RunRecord> }
  | { started: false; reason: "running" | "recent"; run: RunRecord };

/**
 * Claims a run and starts it; `done` settles when it ends (it never rejects: failures end the run
 * Failed). When another run is in progress (here or on another instance), says so and changes nothing.
 */
export async function startReconciliation(trigger: string, options: ReconcileOptions = {}): Promise<StartOutcome> {
  const claim: ClaimOutcome = await claimRun(trigger, {
    staleAfterMs: options.staleAfterMs ?? LEASE_STALE_MS,
    skipIfStartedWithinMs: options.skipIfStartedWithinMs,
  });
  if (!claim.claimed) return { started: false, reason: claim.reason, run: claim.run };
  if (claim.tookOver)
    log.warn(
      { runId: claim.run.id, previousRunId: claim.tookOver.id },
      "reconciliation: took over a run whose instance stopped responding",
    );
  const { run } = claim;
  // The run id is the request id of everything it does: its log lines and its audit entries.
  const done = withRequestId(run.id, () => execute(run, options));
  return { started: true, run, tookOver: claim.tookOver, done };
}

/** Runs a reconciliation to its end in this process (tests, benchmarks, scripts): the finished run, or why none was started. */
export async function reconcile(trigger: string, options: ReconcileOptions = {}): Promise<StartOutcome> {
  const outcome = await startReconciliation(trigger, options);
  if (!outcome.started) return outcome;
  return { ...outcome, run: await outcome.done };
}

/** The job's part: executes a run claimed earlier, unless it has ended meanwhile (taken over, or done by an earlier attempt). */
export async function executeClaimedRun(runId: string, options: ReconcileOptions = {}): Promise<RunRecord | null> {
  const run = await getRun(runId);
  if (!run || run.status !== "Running") return run;
  return withRequestId(run.id, () => execute(run, options));
}

class LeaseLostError extends Error {
  constructor() {
    super("The run lost its lease (another instance took it over).");
  }
}

type Totals = { pages: number; checked: number; created: number; repaired: number; newer: number };

async function execute(run: RunRecord, options: ReconcileOptions): Promise<RunRecord> {
  const started = Date.now();
  const totals: Totals = { pages: 0, checked: 0, created: 0, repaired: 0, newer: 0 };
  const unreadable: { id: string; problem: string }[] = [];
  let lost = false;
  const heartbeat = setInterval(() => {
    touchRun(run.id).then(
      (ours) => (lost ||= !ours),
      (err: unknown) => log.warn({ err }, "reconciliation: could not renew the lease; will try again"),
    );
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  log.info({ runId: run.id, trigger: run.trigger }, "reconciliation started");

  let failure: string | undefined;
  let cause: unknown;
  let pages: AsyncGenerator<SubscriptionPage, void, undefined> | undefined;
  try {
    const client = options.client ?? getMarketplaceClient();
    pages = client.listSubscriptionPages({ correlationId: run.id });
    await runPipeline({
      // Parsed as soon as they arrive, so Microsoft's raw JSON dies young (memory stays low at 100 000).
      pages: parsePages(pages, unreadable),
      write: async (batch) => {
        if (lost) throw new LeaseLostError();
        await writeBatch(run.id, batch, totals);
      },
      maxBuffered: options.maxBufferedPages ?? 4,
      maxPagesPerWrite: options.maxPagesPerWrite ?? 2,
    });
    totals.repaired += await recordInterruptedActivations(run.id);
    if (unreadable.length) failure = unreadableMessage(unreadable, totals.checked);
  } catch (e) {
    if (e instanceof LeaseLostError) {
      log.warn({ runId: run.id }, "reconciliation stopped: another instance took the run over");
      clearInterval(heartbeat);
      return (await getRun(run.id).catch(() => null)) ?? run;
    }
    cause = e instanceof FetchError ? e.reason : e;
    failure = failureMessage(cause, totals.pages);
    if (!isMarketplaceError(cause)) log.error({ err: cause, runId: run.id }, "reconciliation failed");
  } finally {
    clearInterval(heartbeat);
    // Stops the page generator; never awaited: a fetch in flight settles on its own.
    void pages?.return(undefined).catch(() => undefined);
  }
  const ms = Date.now() - started;
  try {
    const ended = await finishRun(
      run.id,
      failure === undefined ? { status: "Succeeded" } : { status: "Failed", errorMessage: failure },
    );
    if (!ended) log.warn({ runId: run.id }, "reconciliation ended after another instance had taken it over");
  } catch (err) {
    // The lease will go stale and the next run takes over; nothing repaired is lost.
    log.error({ err, runId: run.id }, "reconciliation: could not record the end of the run");
  }
  const summary = {
    runId: run.id,
    ...totals,
    ms,
    outcome: failure === undefined ? "Succeeded" : "Failed",
    ...(isMarketplaceError(cause) ? { marketplace: cause.toLog() } : {}),
  };
  if (failure === undefined) log.info(summary, "reconciliation finished");
  else log.warn({ ...summary, error: failure }, "reconciliation failed");
  return (await getRun(run.id).catch(() => null)) ?? run;
}

/**
 * Subscriptions Microsoft now reports Subscribed that someone confirmed on the landing page, but whose
 * activation the portal never wrote (it died between Microsoft's Activate and its own write): recorded as
 * activated by that person, with what they entered, in the run's repairs. Usually none.
 */
async function recordInterruptedActivations(runId: string): Promise<number> {
  let recorded = 0;
  for (const row of await listUnrecordedActivations()) {
    if (await recoverInterruptedActivation(null, row, "reconciliation")) recorded += 1;
  }
  if (recorded) await touchRun(runId, { repaired: recorded });
  return recorded;
}

type ParsedPage = { subscriptions: SubscriptionSnapshot[]; seen: number };

/** Microsoft's pages as snapshots; a subscription the portal cannot read is skipped and reported. */
async function* parsePages(
  pages: AsyncGenerator<SubscriptionPage, void, undefined>,
  unreadable: { id: string; problem: string }[],
): AsyncGenerator<ParsedPage, void, undefined> {
  for await (const page of pages) {
    const subscriptions: SubscriptionSnapshot[] = [];
    for (const subscription of page.subscriptions) {
      try {
        subscriptions.push(toSubscriptionSnapshot(subscription, "listSubscriptions"));
      } catch (e) {
        unreadable.push({ id: subscription.id, problem: e instanceof Error ? e.message : String(e) });
      }
    }
    yield { subscriptions, seen: page.subscriptions.length };
  }
}

/** Stores a batch of pages with the run's progress. */
async function writeBatch(
  runId: string,
  batch: { page: ParsedPage; requestedAt: Date }[],
  totals: Totals,
): Promise<void> {
  const pages: FetchedPage[] = batch.map(({ page, requestedAt }) => ({
    subscriptions: page.subscriptions,
    requestedAt,
  }));
  const seen = batch.reduce((n, b) => n + b.page.seen, 0);
  const result = await syncSubscriptionPages(pages, {
    runId,
    // Progress and the lease are written with the pages, atomically: a run that lost its lease writes nothing.
    onWritten: async (tx, r) => {
      if (
        !(await touchRun(
          runId,
          { pages: batch.length, checked: seen, created: r.created, repaired: r.repaired },
          new Date(),
          tx,
        ))
      )
        throw new LeaseLostError();
    },
  });
  totals.pages += batch.length;
  totals.checked += seen;
  totals.created += result.created;
  totals.repaired += result.repaired;
  totals.newer += result.newer;
}
