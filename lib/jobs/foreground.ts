import { setTimeout as sleep } from "node:timers/promises";

/**
 * Background work yields to the answers the portal owes. Under a burst of Microsoft's webhook deliveries (a
 * renewal day, a retry storm) the workers of this process would otherwise take CPU from the answers, and a
 * slow answer invites Microsoft's retries: the burst is what the queue is there to absorb. While requests
 * arrive faster than BUSY_PER_SECOND, the work that can wait does not start for the burst's first HOLD_MS
 * (a burst of a few seconds gets the whole CPU: its work is safe in the queue), then runs one job at a time
 * in this process instead of `concurrency` at once (a long storm still makes progress); once the burst has
 * passed, the backlog drains at full concurrency. Work with a deadline (a decision within Microsoft's 10-second window)
 * does not come through here.
 */

const BUCKET_MS = 250;
/** About 50 requests per second: far above a normal day's webhook rate, far below a burst's. */
const BUSY_PER_SECOND = 50;
const BUSY_PER_WINDOW = (BUSY_PER_SECOND * 2 * BUCKET_MS) / 1000;
/** While busy, after the first HOLD_MS: how many jobs that can wait may run at once. */
const WHILE_BUSY = 1;
const HOLD_MS = 3_000;
const RECHECK_MS = 20;

// One count per process: Next.js bundles the routes (which count) apart from the server's start-up code
// (which runs the workers), so module state would not be shared; globalThis is.
type Load = { bucket: number; current: number; previous: number; running: number; busySince: number | null };
const load: Load = ((globalThis as { portalForegroundLoad?: Load }).portalForegroundLoad ??= {
  bucket: 0,
  current: 0,
  previous: 0,
  running: 0,
  busySince: null,
});

function roll(now: number) {
  const b = Math.floor(now / BUCKET_MS);
  if (b === load.bucket) return;
  load.previous = b === load.bucket + 1 ? load.current : 0;
  load.current = 0;
  load.bucket = b;
}

/** Counts a request the portal must answer promptly (a webhook delivery). */
export function noteForegroundRequest(now = Date.now()): void {
  roll(now);
  load.current++;
  foregroundBusy(now);
}

/** Whether requests arrived faster than BUSY_PER_SECOND over the last two buckets (up to half a second). */
export function foregroundBusy(now = Date.now()): boolean {
  roll(now);
  const busy = load.current + load.previous >= BUSY_PER_WINDOW;
  load.busySince = busy ? (load.busySince ?? now) : null;
  return busy;
}

/** How many jobs that can wait may run now: all while quiet, none in a burst's first seconds, then one. */
function allowedNow(now: number): number {
  if (!foregroundBusy(now)) return Infinity;
  return now - (load.busySince ?? now) < HOLD_MS ? 0 : WHILE_BUSY;
}

/** Runs work that can wait: at once when the portal is quiet; during a burst, after its first seconds, one at a time. */
export async function yieldingToForeground<T>(work: () => Promise<T>): Promise<T> {
  while (load.running >= allowedNow(Date.now())) await sleep(RECHECK_MS);
  load.running++;
  try {
    return await work();
  } finally {
    load.running--;
  }
}
