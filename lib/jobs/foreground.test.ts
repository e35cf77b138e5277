import { describe, expect, it } from "vitest";
import { foregroundBusy, noteForegroundRequest, yieldingToForeground } from "./foreground";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `count` pieces of work of `ms` each through the gate; resolves with the most that ran at once. */
async function mostAtOnce(count: number, ms: number): Promise<number> {
  let now = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: count }, () =>
      yieldingToForeground(async () => {
        most = Math.max(most, ++now);
        await sleep(ms);
        now--;
      }),
    ),
  );
  return most;
}

describe("background work yielding to the answers the portal owes", () => {
  it("is busy only above about 50 requests per second, and forgets a burst within half a second", () => {
    const t = 1_000_000_000;
    for (let i = 0; i < 10; i++) noteForegroundRequest(t + i * 20); // 50/s for 200 ms: 10 in the window
    expect(foregroundBusy(t + 200)).toBe(false);
    for (let i = 0; i < 20; i++) noteForegroundRequest(t + 200 + i * 2); // a burst
    expect(foregroundBusy(t + 260)).toBe(true);
    expect(foregroundBusy(t + 490)).toBe(true); // the burst's bucket is the previous one
    expect(foregroundBusy(t + 510)).toBe(false); // and now older than that
  });

  it("holds waiting work in a burst's first seconds, then runs it one at a time, and all at once when quiet", async () => {
    await sleep(600);
    expect(await mostAtOnce(4, 30)).toBe(4);
    const burst = setInterval(() => {
      for (let i = 0; i < 10; i++) noteForegroundRequest();
    }, 20);
    try {
      await sleep(100);
      expect(foregroundBusy()).toBe(true);
      const startedAt = Date.now();
      let firstRanAfter = -1;
      const held = yieldingToForeground(async () => void (firstRanAfter = Date.now() - startedAt));
      await sleep(2_000);
      expect(firstRanAfter).toBe(-1); // still the burst's first seconds
      await held;
      expect(firstRanAfter).toBeGreaterThanOrEqual(2_500);
      expect(firstRanAfter).toBeLessThan(3_500);
      expect(await mostAtOnce(4, 30)).toBe(1);
    } finally {
      clearInterval(burst);
    }
    await sleep(600);
    expect(await mostAtOnce(4, 30)).toBe(4);
  });
});
