import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { endpointForDelivery } from "@/lib/data/event-endpoints";
import { wakeDelivery } from "@/lib/data/outbound-jobs";
import { claimDueMessages, nextDeliveryAt, recordAttempt, type ClaimedMessage } from "@/lib/data/outbound-messages";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { traceHeaders, type Span } from "@/lib/tracing/spans";
import { outboundPayload, signedHeaders } from "./message";
import { retryAt } from "./retry";
import { recordDelivery, traceDelivery } from "./tracing";
import { postJson } from "./transport";

/**
 * One run of an endpoint's delivery job: send its due head-of-line messages, up to MAX_IN_FLIGHT at once
 * (one per subscription, so different subscriptions), each signed and with its own timeout, and record
 * every attempt.
 *
 * A run holds a worker slot of the shared job queue (where webhook decisions wait, with Microsoft's
 * 10-second window) for RUN_BUDGET_MS at most, and never waits on a slow receiver: when no answer comes
 * within STALL_MS, or the budget is spent, the requests still in flight carry on outside the job (their messages stay claimed, so nobody sends them twice)
 * and wake the endpoint's job when they end. A run that leaves due work re-adds its job; one that leaves
 * only retries adds it for the earliest of them.
 */

export const MAX_IN_FLIGHT = 16;
export const RUN_BUDGET_MS = 3_000;
/** A run waits this long at most for the next answer of a receiver before it leaves the rest in flight. */
export const STALL_MS = 500;

export type DeliverySettings = {
  timeoutMs: number;
  disableAfterMs: number;
  disableAfterFailures: number;
  production: boolean;
};

export type DeliverOptions = {
  /** The time the run acts at (tests move it: hours of retries in a second). */
  clock?: () => Date;
  /** For the backoff's jitter (0 ≤ x < 1). */
  random?: () => number;
  budgetMs?: number;
  maxInFlight?: number;
  settings?: Partial<DeliverySettings>;
};

export type RunSummary = {
  delivered: number;
  failed: number;
  /** Requests still in flight when the run ended (they finish outside it). */
  detached: number;
  disabled: string | null;
  /** When the job was added again for (null: nothing left to send, or the endpoint is not active). */
  nextAt: Date | null;
};

/** Requests of this process that outlived their run (they record their attempts when they end). */
const detached = new Set<Promise<unknown>>();

/** Waits for this process's requests in flight (at most the timeout): a stopping process records their outcome. */
export async function finishDetachedDeliveries(): Promise<void> {
  while (detached.size) await Promise.allSettled([...detached]);
}

function settingsOf(options: DeliverOptions): DeliverySettings {
  const env = getEnv();
  return { ...env.events, production: env.isProduction, ...options.settings };
}

export async function deliverEndpoint(endpointId: string, options: DeliverOptions = {}): Promise<RunSummary> {
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const budgetMs = options.budgetMs ?? RUN_BUDGET_MS;
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  const settings = settingsOf(options);
  const summary: RunSummary = { delivered: 0, failed: 0, detached: 0, disabled: null, nextAt: null };
  const endpoint = await endpointForDelivery(endpointId, clock());
  if (!endpoint || endpoint.status !== "active") return summary;

  const sendOne = (message: ClaimedMessage) =>
    traceDelivery({ endpointId, ...message }, (span) => sendTraced(message, span));
  const sendTraced = async (message: ClaimedMessage, span: Span) => {
    const body = JSON.stringify(outboundPayload(message));
    // traceparent is not signed (Standard Webhooks signs id, timestamp and body): it only joins traces.
    const headers = { ...signedHeaders(endpoint.secrets, message.eventId, clock(), body), ...traceHeaders() };
    const result = await postJson(endpoint.url, body, headers, settings);
    recordDelivery(span, result);
    metrics().outboundDeliveries.inc({ outcome: result.status ? `${Math.floor(result.status / 100)}xx` : "error" });
    const now = clock();
    if (!result.ok)
      log.warn(
        {
          endpointId,
          eventId: message.eventId,
          attempt: message.attempt,
          status: result.status,
          errorKind: result.errorKind,
        },
        "outbound event: delivery failed",
      );
    const recorded = await recordAttempt(endpointId, message, result, {
      now,
      retryAt: result.ok ? null : retryAt(message.firstAttemptAt, now, message.attempt, random),
      disableAfterMs: settings.disableAfterMs,
      disableAfterFailures: settings.disableAfterFailures,
    }).catch((err: unknown) => {
      // The claim expires and the message is sent again: at least once, never lost.
      log.error({ err, endpointId, eventId: message.eventId }, "outbound event: the attempt could not be recorded");
      return null;
    });
    if (result.ok) summary.delivered++;
    else summary.failed++;
    if (recorded?.disabled) {
      summary.disabled = recorded.disabled;
      log.warn({ endpointId }, "outbound event: endpoint disabled");
    }
  };

  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  while (!summary.disabled) {
    const remaining = budgetMs - (performance.now() - started);
    if (remaining <= 0) break;
    if (inFlight.size < maxInFlight) {
      const claimed = await claimDueMessages(endpointId, {
        now: clock(),
        limit: maxInFlight - inFlight.size,
        timeoutMs: settings.timeoutMs,
      });
      for (const message of claimed) {
        const sending: Promise<void> = sendOne(message)
          // Unexpected (a malformed stored secret…): the claim expires and the message is tried again.
          .catch((err: unknown) =>
            log.error({ err, endpointId, eventId: message.eventId }, "outbound event: send failed"),
          )
          .finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
    }
    if (inFlight.size === 0) break;
    // Wait for the next answer, but not for a slow receiver: when none comes within STALL_MS the run ends
    // and its requests finish outside it.
    const waited = new AbortController();
    const stalled = await Promise.race([
      ...[...inFlight].map((p) => p.then(() => false)),
      sleep(Math.min(remaining, STALL_MS), true, { signal: waited.signal }).catch(() => false),
    ]);
    waited.abort();
    if (stalled) break;
  }

  if (inFlight.size > 0) {
    summary.detached = inFlight.size;
    const finishing = Promise.allSettled([...inFlight]).then(() =>
      wakeDelivery(endpointId, new Date()).catch((err: unknown) =>
        log.warn({ err, endpointId }, "outbound event: wake-up failed"),
      ),
    );
    detached.add(finishing);
    void finishing.finally(() => detached.delete(finishing));
    return summary;
  }
  if (summary.disabled) return summary;
  summary.nextAt = await nextDeliveryAt(endpointId);
  if (summary.nextAt) await wakeDelivery(endpointId, summary.nextAt, undefined, clock());
  return summary;
}
