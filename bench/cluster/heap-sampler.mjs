/**
 * Preloaded into every portal instance of bench/cluster.ts (NODE_OPTIONS="--expose-gc --import <this>"):
 * every CLUSTER_HEAP_INTERVAL_MS it forces a full GC and appends the heap still in use as a JSON line to
 * CLUSTER_HEAP_FILE. Heap used after a full GC is what a leak grows; RSS also grows when V8 enlarges its
 * heap lazily or the allocator keeps freed pages, which is not a leak.
 *
 * NODE_OPTIONS reaches every Node.js process the launcher starts (scripts/start.ts itself, `next build`
 * and its workers, `next start`): only the process that serves samples, recognised by the title Next.js
 * gives it (`next-server (vX)`, set once it starts listening). Each line carries its pid, so a restarted
 * instance's new life is a series of its own.
 */
import fs from "node:fs";

const file = process.env.CLUSTER_HEAP_FILE;
const interval = Number(process.env.CLUSTER_HEAP_INTERVAL_MS || 5000);
if (file && typeof globalThis.gc === "function") {
  setInterval(() => {
    if (!process.title.startsWith("next-server")) return;
    globalThis.gc();
    const m = process.memoryUsage();
    const line = {
      t: Date.now(),
      pid: process.pid,
      heapUsed: m.heapUsed,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      rss: m.rss,
    };
    try {
      fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // the bench removed its log directory: nothing to record into
    }
  }, interval).unref();
}
