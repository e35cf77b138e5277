import { describe, expect, it } from "vitest";
import { RETRY_CAP_MS, RETRY_WINDOW_MS, retryAt, retryDelayMs } from "./retry";

describe("retry backoff", () => {
  it("draws up to an exponential step (5 s, 10 s, 20 s…), never below a second, never above an hour", () => {
    expect(retryDelayMs(1, 0.999)).toBe(4_995);
    expect(retryDelayMs(2, 0.999)).toBe(9_990);
    expect(retryDelayMs(4, 0.5)).toBe(20_000);
    expect(retryDelayMs(3, 0)).toBe(1_000);
    expect(retryDelayMs(40, 0.999)).toBe(Math.floor(0.999 * RETRY_CAP_MS));
  });

  it("stops 3 days after the first attempt, with a last try at the deadline", () => {
    const first = new Date("2026-12-01T00:00:00Z");
    const nearEnd = new Date(first.getTime() + RETRY_WINDOW_MS - 60_000);
    expect(retryAt(first, nearEnd, 30, () => 0.9)!.getTime()).toBe(first.getTime() + RETRY_WINDOW_MS);
    expect(retryAt(first, new Date(first.getTime() + RETRY_WINDOW_MS), 31, () => 0.9)).toBeNull();
  });
});
