/**
 * When a failed delivery is tried again: exponential backoff with full jitter (a random delay between
 * zero and the exponential step, AWS's "full jitter"), so that receivers coming back from an outage are
 * not hit by every sender at once; for RETRY_WINDOW_MS after the first attempt, then never (dead letter).
 */

export const RETRY_BASE_MS = 5_000;
export const RETRY_CAP_MS = 3_600_000;
export const RETRY_WINDOW_MS = 3 * 24 * 3_600_000;
/** A retry never comes sooner than this (full jitter alone could draw zero). */
const MIN_DELAY_MS = 1_000;

/** The delay before retry number `attempt` (1 after the first failure), for a draw 0 ≤ random < 1. */
export function retryDelayMs(attempt: number, random: number): number {
  const step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(attempt - 1, 30));
  return Math.max(MIN_DELAY_MS, Math.floor(random * step));
}

/** The next attempt's time after failed attempt `attempt`, or null once the window since the first is over. */
export function retryAt(firstAttemptAt: Date, now: Date, attempt: number, random: () => number): Date | null {
  const deadline = firstAttemptAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= deadline) return null;
  return new Date(Math.min(deadline, now.getTime() + retryDelayMs(attempt, random())));
}
