import "server-only";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { MarketplaceError, outcomeUnknownMessage } from "./errors";
import { nextDelayMs, type RetryPolicy } from "./retry";
import type { AccessToken, TokenProvider } from "./token";
import { networkFailure, statusFailure, tokenFailure, type Failure } from "./failures";
import { recordAnswer, recordFailure, traceAttempt } from "./tracing";
import { exchange } from "./transport";
import { metrics } from "@/lib/metrics/registry";
import { traceHeaders, type Span } from "@/lib/tracing/spans";

/** Each attempt, answered or not (status 0), for /api/metrics: Microsoft's error rates and latency per operation. */
function observeCall(operation: string, status: number, durationMs: number): void {
  const m = metrics();
  m.marketplaceCalls.inc({ operation, status });
  m.marketplaceCallSeconds.observe({ operation }, durationMs / 1000);
}

/**
 * The one place that sends HTTP to Microsoft: request and correlation ids, api-version, bearer token,
 * per-attempt timeout, retries with backoff, and a log line per attempt (never a token or a body).
 * A change that must reach Microsoft at most once (`idempotent: false`) is retried only while it certainly
 * has not reached it.
 */

export const API_VERSION = "2018-08-31";

/** Options every client call accepts. */
export type CallOptions = {
  /** Ties the calls of one logical operation together at Microsoft (x-ms-correlationid); a new GUID if absent. */
  correlationId?: string;
  /** Overrides the policy's total deadline for this call (e.g. a webhook that must answer within 10 s). */
  deadlineMs?: number;
  /** Cancels the call (e.g. the browser went away). */
  signal?: AbortSignal;
};

export type HttpRequest = {
  /** Client method name, for logs and errors. */
  operation: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Path template for logs, e.g. `/saas/subscriptions/{subscriptionId}`: ids and tokens stay out of logs. */
  route: string;
  /** Path below the base URL (with ids filled in), or an absolute URL given by Microsoft (`@nextLink`). */
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** Statuses that are answers for this call rather than errors (409 for a usage event). */
  accept?: readonly number[];
  /**
   * false for a change Microsoft must receive at most once: PATCH or DELETE of a subscription (a second one
   * is refused as "locked" while the first runs, and the first one's operation id would be lost). Once such
   * a request may have reached Microsoft (a timeout, a 5xx, a connection lost after it was made) it is never
   * sent again: the call fails with `outcomeUnknown` and the caller finds out what Microsoft did. Failures
   * before Microsoft saw it (no token, connection refused, 429 from the gateway, 401/403) are still retried.
   */
  idempotent?: boolean;
  correlationId: string;
  call?: CallOptions;
};

export type HttpResponse = {
  status: number;
  headers: Headers;
  /** The raw body; Microsoft sends empty bodies on purpose (Activate, List with no subscriptions). */
  text: string;
  requestId: string;
  correlationId: string;
  attempts: number;
};

export type HttpCoreOptions = {
  baseUrl: string;
  tokens: TokenProvider;
  policy: RetryPolicy;
  logger: () => Logger;
  random?: () => number;
};

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

export type HttpCore = { send(request: HttpRequest): Promise<HttpResponse>; baseUrl: string };

export function createHttpCore(options: HttpCoreOptions): HttpCore {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const { policy } = options;

  const urlFor = (request: HttpRequest): string => {
    if (/^https?:\/\//i.test(request.path)) return request.path; // Microsoft's @nextLink, used exactly as given
    const url = new URL(`${baseUrl}${request.path}`);
    url.searchParams.set("api-version", API_VERSION);
    for (const [name, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(name, value);
    return url.toString();
  };

  type Outcome = { response: HttpResponse; failure?: undefined } | { failure: Failure; token: AccessToken | undefined };

  /** One attempt in its span (tracing.ts): a failed attempt marks it failed with its kind. */
  function attempt(
    request: HttpRequest,
    url: string,
    requestId: string,
    attempts: number,
    signal: AbortSignal,
    forceRefresh: boolean,
  ): Promise<Outcome> {
    const facts = { ...request, requestId };
    return traceAttempt(facts, attempts, async (span) => {
      const outcome = await tryOnce(request, url, requestId, attempts, signal, forceRefresh, span);
      if (outcome.failure) recordFailure(span, outcome.failure.kind);
      return outcome;
    });
  }

  /** One attempt: a token (cached, or fresh when asked), one request, the whole body within the timeout. */
  async function tryOnce(
    request: HttpRequest,
    url: string,
    requestId: string,
    attempts: number,
    signal: AbortSignal,
    forceRefresh: boolean,
    span: Span,
  ): Promise<Outcome> {
    const { correlationId } = request;
    let token: AccessToken | undefined;
    try {
      token = await options.tokens.getToken({ forceRefresh, correlationId });
    } catch (error) {
      return { failure: tokenFailure(error), token };
    }
    try {
      const response = await exchange(url, {
        method: request.method,
        headers: {
          authorization: `Bearer ${token.token}`,
          accept: "application/json",
          "x-ms-requestid": requestId,
          "x-ms-correlationid": correlationId,
          ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
          ...traceHeaders(), // W3C traceparent of this attempt's span (none when tracing is off)
          ...request.headers,
        },
        body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
        signal, // covers the whole body too: a body that never ends is a hang as well
      }); // redirects are not followed: one would carry the bearer token elsewhere
      const { status, text } = response;
      recordAnswer(span, status, response.headers);
      if ((status >= 200 && status < 300) || request.accept?.includes(status)) {
        return { response: { status, headers: response.headers, text, requestId, correlationId, attempts } };
      }
      return { failure: statusFailure(status, text, response.headers.get("retry-after")), token };
    } catch (error) {
      return { failure: networkFailure(error, request.call?.signal?.aborted === true), token };
    }
  }

  async function send(request: HttpRequest): Promise<HttpResponse> {
    const log = options.logger();
    const { correlationId, call = {} } = request;
    const url = urlFor(request);
    const deadline = Date.now() + (call.deadlineMs ?? policy.deadlineMs);
    const base = {
      operation: request.operation,
      method: request.method,
      route: request.route,
      msCorrelationId: correlationId,
    };
    let attempts = 0;
    let retries = 0;
    let refreshed = false;
    let forceRefresh = false;

    for (;;) {
      attempts += 1;
      const requestId = randomUUID();
      const started = Date.now();
      const timeout = AbortSignal.timeout(Math.max(1, Math.min(policy.attemptTimeoutMs, deadline - started)));
      const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
      const outcome = await attempt(request, url, requestId, attempts, signal, forceRefresh);
      forceRefresh = false;
      // Microsoft's ids under their own keys: `requestId` on a log line is the portal's own (lib/log).
      const timing = { durationMs: Date.now() - started, msRequestId: requestId, attempt: attempts };
      observeCall(
        request.operation,
        outcome.failure ? (outcome.failure.status ?? 0) : outcome.response.status,
        timing.durationMs,
      );
      if (!outcome.failure) {
        log.info({ ...base, status: outcome.response.status, ...timing }, "marketplace call");
        return outcome.response;
      }
      const { failure, token } = outcome;
      // Sending it again could make the change twice, or be refused as locked while the first one runs.
      const outcomeUnknown = request.idempotent === false && failure.mayHaveArrived;
      const line = {
        ...base,
        status: failure.status,
        ...timing,
        kind: failure.kind,
        code: failure.microsoft?.code,
        ...(outcomeUnknown ? { outcomeUnknown } : {}),
      };

      // A refused token may just be stale (revoked, or expired early): fetch a fresh one once and try again.
      // 401 always qualifies; 403 only when the token came from the cache (a fresh token's 403 is final).
      if (!refreshed && (failure.status === 401 || (failure.status === 403 && token?.fromCache))) {
        refreshed = true;
        forceRefresh = true;
        log.warn(line, "marketplace call: token refused, retrying with a fresh token");
        continue;
      }
      const delay =
        failure.retryable && !outcomeUnknown && retries + 1 < policy.maxAttempts
          ? nextDelayMs(retries + 1, failure.retryAfterMs, policy, options.random)
          : undefined;
      if (delay !== undefined && Date.now() + delay < deadline && !call.signal?.aborted) {
        retries += 1;
        log.warn({ ...line, retryInMs: delay }, "marketplace call failed, retrying");
        await sleep(delay, call.signal);
        continue;
      }
      log.warn(
        line,
        outcomeUnknown
          ? "marketplace call failed after it may have reached Microsoft; not sent again"
          : "marketplace call failed",
      );
      throw new MarketplaceError({
        kind: failure.kind,
        operation: request.operation,
        status: failure.status,
        microsoft: failure.microsoft,
        requestId,
        correlationId,
        attempts,
        message: outcomeUnknown ? outcomeUnknownMessage(failure.kind, failure.status) : failure.message,
        outcomeUnknown,
        cause: failure.cause,
      });
    }
  }

  return { send, baseUrl };
}
