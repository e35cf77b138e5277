import { describe, expect, it } from "vitest";
import { FetchError, runPipeline } from "./pipeline";

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Pages 1..count, each taking `delayMs` to arrive; `failAt` makes that page's fetch fail. */
async function* pagesOf(
  count: number,
  delayMs: number,
  log: string[],
  failAt?: number,
): AsyncGenerator<number, void, undefined> {
  for (let i = 1; i <= count; i++) {
    log.push(`fetch ${i}`);
    await tick(delayMs);
    if (i === failAt) throw new Error(`page ${i} failed`);
    yield i;
  }
}

describe("the fetch/write pipeline", () => {
  it("writes pages one at a time when the source is slower than the writes, in order", async () => {
    const written: number[][] = [];
    const result = await runPipeline({
      pages: pagesOf(5, 15, []),
      write: async (batch) => void written.push(batch.map((b) => b.page)),
    });
    expect(result).toEqual({ fetched: 5, written: 5 });
    expect(written.flat()).toEqual([1, 2, 3, 4, 5]);
    expect(written.every((b) => b.length === 1)).toBe(true);
  });

  it("writes what piled up together when the writes are slower, never more than maxPagesPerWrite, with a bounded buffer", async () => {
    const log: string[] = [];
    const written: number[][] = [];
    let maxAhead = 0;
    await runPipeline({
      pages: pagesOf(12, 0, log),
      maxBuffered: 3,
      maxPagesPerWrite: 2,
      write: async (batch) => {
        const fetched = log.length;
        const done = written.flat().length;
        maxAhead = Math.max(maxAhead, fetched - done);
        written.push(batch.map((b) => b.page));
        await tick(10);
      },
    });
    expect(written.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Math.max(...written.map((b) => b.length))).toBe(2);
    // Buffered pages plus the one being fetched: memory stays bounded.
    expect(maxAhead).toBeLessThanOrEqual(3 + 2 + 1);
  });

  it("writes every page fetched before a fetch failure, then reports it", async () => {
    const written: number[] = [];
    const failure = await runPipeline({
      pages: pagesOf(6, 1, [], 4),
      write: async (batch) => void written.push(...batch.map((b) => b.page)),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FetchError);
    expect((failure as FetchError).fetched).toBe(3);
    expect(((failure as FetchError).reason as Error).message).toBe("page 4 failed");
    expect(written).toEqual([1, 2, 3]);
  });

  it("stops fetching when a write fails", async () => {
    const log: string[] = [];
    await expect(
      runPipeline({
        pages: pagesOf(100, 1, log),
        write: async (batch) => {
          if (batch.some((b) => b.page >= 3)) throw new Error("database down");
        },
      }),
    ).rejects.toThrow("database down");
    await tick(50);
    expect(log.length).toBeLessThan(10);
  });

  it("records when each page was requested, before asking for it", async () => {
    const requested: number[] = [];
    const before = Date.now();
    await runPipeline({
      pages: pagesOf(2, 20, []),
      write: async (batch) => void requested.push(...batch.map((b) => b.requestedAt.getTime())),
    });
    expect(requested[0]).toBeGreaterThanOrEqual(before);
    expect(requested[1]! - requested[0]!).toBeGreaterThanOrEqual(15);
  });
});
