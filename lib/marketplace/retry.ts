/**
 * When to try a call to Microsoft again, and how long to wait. Microsoft publishes no rate limits for the
 * Fulfillment and Metering APIs, but asks to retry 5xx; 429 comes from the API Management gateway in front.
 * 400/401/403/404/409 are answers, not accidents: retrying them changes nothing (409 on metering means
 * "already recorded"), so they are never retried with backoff (401 gets one token refresh, see http.ts).
 * A PATCH or DELETE of a subscription is not retried on 5xx or a timeout either (it may already be running
 * at Microsoft; see `idempotent` in http.ts).
 */

export type RetryPolicy = {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Time allowed for one attempt (connect, answer and body). */
  attemptTimeoutMs: number;
  /** Time allowed for the whole call, retries and waits included. */
  deadlineMs: number;
  /** Backoff before retry n (1-based) is random in [0, min(maxDelayMs, baseDelayMs · 2^(n-1))] ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After the client honours; a longer one ends the call (the caller may try later). */
  maxRetryAfterMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  attemptTimeoutMs: 10_000,
  deadlineMs: 30_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

/** 429 and every 5xx are worth another attempt; network failures and timeouts are too (see http.ts). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * The wait before retry `retry` (1 = the first retry): exponential, capped, with full jitter so that many
 * portal instances hit by the same outage do not come back in lockstep.
 */
export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After in milliseconds: delta-seconds (`"5"`) or an HTTP date, never negative. Undefined when the
 * header is absent or unreadable.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // An HTTP date names its weekday and month (Date.parse alone would read "-3" as the year -3).
  if (!/[a-z]{3}/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long to wait before the next attempt, or undefined when the call should stop: Retry-After when
 * the server sent one (capped; if it exceeds the cap the call ends), else the jittered backoff.
 */
export function nextDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random?: () => number,
): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs > policy.maxRetryAfterMs ? undefined : retryAfterMs;
  return backoffDelayMs(retry, policy, random);
}
