/**
 * The CSV export under load: the whole file as fast as the client can take it, then a client that reads
 * the first bytes and stops. A streamed export keeps the server's memory flat in the second case (the
 * socket fills, the server stops reading the database); a buffered one would build the file in memory.
 */
import http from "node:http";
import type { RunningPortal } from "./portal-process";

type Rss = { next: number; launcher: number };

function sampler(portal: RunningPortal) {
  const before = portal.rssMb();
  const peak: Rss = { next: before?.next ?? 0, launcher: before?.launcher ?? 0 };
  const timer = setInterval(() => {
    const now = portal.rssMb();
    if (!now) return;
    peak.next = Math.max(peak.next, now.next);
    peak.launcher = Math.max(peak.launcher, now.launcher);
  }, 50);
  return { before, peak, stop: () => clearInterval(timer) };
}

const mb = (n: number) => `${n.toFixed(0)} MB`;

export async function checkExport(
  portal: RunningPortal,
  headers: Record<string, string>,
  dbLabel: string,
): Promise<string[]> {
  const out: string[] = [];
  const full = sampler(portal);
  const started = performance.now();
  const response = await fetch(`${portal.url}/admin/subscriptions/export`, { headers });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const b of chunk) if (b === 10) lines++;
  }
  full.stop();
  out.push(
    `CSV export of everything: HTTP ${response.status}, ${(lines - 1).toLocaleString("en")} rows, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (full.before)
    out.push(
      `  memory, before → peak: Next.js server ${mb(full.before.next)} → ${mb(full.peak.next)}; launcher with the ${dbLabel} ${mb(full.before.launcher)} → ${mb(full.peak.launcher)}`,
    );

  // node:http, not fetch: a paused IncomingMessage really stops reading the socket (fetch keeps buffering).
  const stalled = sampler(portal);
  const pauseMs = 3_000;
  const got = await new Promise<number>((resolve, reject) => {
    const request = http.get(
      `${portal.url}/admin/subscriptions/export`,
      { headers: { ...headers, "accept-encoding": "identity" } },
      (res) => {
        res.once("data", (chunk: Buffer) => {
          res.pause();
          setTimeout(() => {
            request.destroy();
            resolve(chunk.length);
          }, pauseMs);
        });
      },
    );
    request.on("error", (e) => ((e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
  });
  stalled.stop();
  if (stalled.before)
    out.push(
      `  a client that stops after ${got} bytes, for ${pauseMs / 1000} s: Next.js server ${mb(stalled.before.next)} → ${mb(stalled.peak.next)}`,
    );
  return out;
}
