import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, backoffDelayMs, isRetryableStatus, nextDelayMs, parseRetryAfterMs } from "./retry";

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };

describe("retry policy", () => {
  it("retries 429 and 5xx, never 400/401/403/404/409", () => {
    expect([429, 500, 502, 503, 504].map(isRetryableStatus)).toEqual([true, true, true, true, true]);
    expect([400, 401, 403, 404, 409, 412].map(isRetryableStatus)).toEqual([false, false, false, false, false, false]);
  });

  it("doubles the backoff ceiling per retry up to the cap, with full jitter", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
  });

  it("spreads real jitter over the whole window", () => {
    const delays = Array.from({ length: 2_000 }, () => backoffDelayMs(4, policy));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(800);
    expect(delays.filter((d) => d < 400).length).toBeGreaterThan(800); // about half below the middle
    expect(delays.filter((d) => d >= 400).length).toBeGreaterThan(800);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(parseRetryAfterMs("5", now)).toBe(5_000);
    expect(parseRetryAfterMs(" 0 ", now)).toBe(0);
    expect(parseRetryAfterMs("1.5", now)).toBe(1_500);
    expect(parseRetryAfterMs("Thu, 01 Jan 2026 12:00:07 GMT", now)).toBe(7_000);
    expect(parseRetryAfterMs("Thu, 01 Jan 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfterMs("soon", now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs("-3", now)).toBeUndefined();
  });

  it("honours Retry-After over the backoff, and stops when it is longer than the cap", () => {
    expect(nextDelayMs(1, 2_000, policy, () => 0)).toBe(2_000);
    expect(nextDelayMs(1, 0, policy, () => 0.9)).toBe(0);
    expect(nextDelayMs(1, 60_000, policy)).toBeUndefined();
    expect(nextDelayMs(2, undefined, policy, () => 0.5)).toBe(100);
  });
});
