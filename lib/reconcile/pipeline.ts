import "server-only";

/**
 * Fetching and writing overlap: one loop reads List pages from Microsoft into a small buffer while the
 * other writes what has arrived, all of it in one transaction (up to `maxPagesPerWrite`). When Microsoft is
 * the slower side each page is written as it comes; when the database is, pages pile up a little and are
 * written together, which costs far less per subscription. Memory stays bounded by `maxBuffered` pages.
 */

export type PipelineOptions<P> = {
  /** Microsoft's pages, in order (the generator is only ever advanced by this module). */
  pages: AsyncGenerator<P, void, undefined>;
  /** Writes a batch of pages; throwing stops everything (pages written before stay written). */
  write: (batch: { page: P; requestedAt: Date }[]) => Promise<void>;
  maxBuffered?: number;
  maxPagesPerWrite?: number;
};

export type PipelineResult = { fetched: number; written: number };

/** Thrown when reading pages failed; `fetched` pages were read (and written) before. */
export class FetchError extends Error {
  constructor(
    readonly reason: unknown,
    readonly fetched: number,
  ) {
    super("Reading the next page failed.");
  }
}

export async function runPipeline<P>(options: PipelineOptions<P>): Promise<PipelineResult> {
  const maxBuffered = options.maxBuffered ?? 10;
  const maxPerWrite = options.maxPagesPerWrite ?? 5;
  const queue: { page: P; requestedAt: Date }[] = [];
  let fetched = 0;
  let written = 0;
  let fetchDone = false;
  let fetchError: unknown;
  let stopped = false;
  let wakeWriter: (() => void) | undefined;
  let wakeFetcher: (() => void) | undefined;
  const signal = (which: "writer" | "fetcher") => {
    const wake = which === "writer" ? wakeWriter : wakeFetcher;
    if (which === "writer") wakeWriter = undefined;
    else wakeFetcher = undefined;
    wake?.();
  };

  const fetcher = (async () => {
    try {
      while (!stopped) {
        const requestedAt = new Date();
        const next = await options.pages.next();
        if (next.done) break;
        fetched += 1;
        queue.push({ page: next.value, requestedAt });
        signal("writer");
        while (queue.length >= maxBuffered && !stopped) await new Promise<void>((resolve) => (wakeFetcher = resolve));
      }
    } catch (e) {
      fetchError = e;
    } finally {
      fetchDone = true;
      signal("writer");
    }
  })();

  try {
    for (;;) {
      while (queue.length === 0 && !fetchDone) await new Promise<void>((resolve) => (wakeWriter = resolve));
      if (queue.length === 0) break;
      const batch = queue.splice(0, maxPerWrite);
      signal("fetcher");
      await options.write(batch);
      written += batch.length;
    }
  } catch (e) {
    // The fetcher stops after the page in flight; that page is dropped.
    stopped = true;
    signal("fetcher");
    throw e;
  }
  await fetcher;
  if (fetchError !== undefined) throw new FetchError(fetchError, fetched);
  return { fetched, written };
}
