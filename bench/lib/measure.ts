/** Timing of HTTP requests, one at a time, and the figures a benchmark prints. */

export type Target = { name: string; path: string; headers?: Record<string, string> };
export type Timings = { name: string; path: string; ms: number[] };

/** Milliseconds from sending the request to having read the whole body; fails on anything but 200. */
export async function timeRequest(baseUrl: string, target: Target): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${target.path}`, { headers: target.headers, redirect: "manual" });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${target.name}: HTTP ${response.status} for ${target.path}`);
  return ms;
}

/**
 * Warms each target up, then measures `rounds` requests of each, interleaved (A B C, A B C, …) so that
 * background noise such as garbage collection falls on every target alike.
 */
export async function measure(
  baseUrl: string,
  targets: Target[],
  options: { warmup: number; rounds: number },
): Promise<Timings[]> {
  for (let i = 0; i < options.warmup; i++) for (const t of targets) await timeRequest(baseUrl, t);
  const results = targets.map((t) => ({ name: t.name, path: t.path, ms: [] as number[] }));
  for (let i = 0; i < options.rounds; i++) {
    for (const [k, t] of targets.entries()) results[k]!.ms.push(await timeRequest(baseUrl, t));
  }
  return results;
}

/** The p-th percentile (nearest rank), p in 0..100. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
const ms = (n: number) => n.toFixed(1);

/** The results as a table, with each row's p50 and p95 relative to the baseline row. */
export function formatTable(results: Timings[], baseline: string): string {
  const base = results.find((r) => r.name === baseline);
  const b50 = base ? percentile(base.ms, 50) : Number.NaN;
  const b95 = base ? percentile(base.ms, 95) : Number.NaN;
  const head = ["page", "n", "p50 ms", "p95 ms", "mean ms", "max ms", `p50 ×${baseline}`, `p95 ×${baseline}`];
  const rows = results.map((r) => {
    const p50 = percentile(r.ms, 50);
    const p95 = percentile(r.ms, 95);
    const mean = r.ms.reduce((s, x) => s + x, 0) / r.ms.length;
    return [
      r.name,
      String(r.ms.length),
      ms(p50),
      ms(p95),
      ms(mean),
      ms(Math.max(...r.ms)),
      (p50 / b50).toFixed(1),
      (p95 / b95).toFixed(1),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i > 0)).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
