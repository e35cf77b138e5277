/**
 * Sending a benchmark's requests and summing them up: at a fixed rate (latency measured from each
 * request's scheduled time, so a slow server cannot hide its queueing) or as fast as N connections allow.
 */
import http from "node:http";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Delivery = { operationId: string; body: string };
type Shot = { status: number; latencyMs: number; startedAt: number; endedAt: number };
export type RunStats = {
  name: string;
  sent: number;
  ok: number;
  statuses: Record<number, number>;
  throughput: number;
  p50: number;
  p99: number;
  latencies: number[];
  cpuMs?: Record<"portal" | "simulator" | "database", number>;
};

/** One POST of a JSON body over `agent`: its HTTP status, or 0 when no answer came. */
export function send(agent: http.Agent, url: URL, body: string, authorization: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

/** Sends every body once: at `rate` per second (latency from the scheduled time), or as fast as `connections` allow. */
export async function run(
  name: string,
  url: URL,
  bodies: string[],
  tokens: string[],
  mode: { rate: number } | { connections: number },
): Promise<RunStats> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: "rate" in mode ? 256 : mode.connections });
  const shots: Shot[] = [];
  const shoot = async (i: number, scheduledAt: number) => {
    const status = await send(agent, url, bodies[i]!, tokens[i % tokens.length]!);
    const endedAt = performance.now();
    shots.push({ status, latencyMs: endedAt - scheduledAt, startedAt: scheduledAt, endedAt });
  };
  if ("rate" in mode) {
    const interval = 1000 / mode.rate;
    const t0 = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < bodies.length; i++) {
      const due = t0 + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      inFlight.push(shoot(i, due));
    }
    await Promise.all(inFlight);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: mode.connections }, async () => {
        while (next < bodies.length) {
          const i = next++;
          await shoot(i, performance.now());
        }
      }),
    );
  }
  agent.destroy();
  const latencies = shots.map((s) => s.latencyMs).sort((a, b) => a - b);
  const pct = (p: number) => percentile(latencies, p);
  const elapsed = (Math.max(...shots.map((s) => s.endedAt)) - Math.min(...shots.map((s) => s.startedAt))) / 1000;
  const statuses: Record<number, number> = {};
  for (const s of shots) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return {
    name,
    sent: shots.length,
    ok: statuses[200] ?? 0,
    statuses,
    throughput: shots.length / elapsed,
    p50: pct(50),
    p99: pct(99),
    latencies,
  };
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
export const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Rounds of the same run as one: the median round's throughput (a noisy moment moves one round, not the figure), latencies pooled. */
export function combine(name: string, rounds: RunStats[]): RunStats {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const statuses: Record<number, number> = {};
  for (const r of rounds)
    for (const [s, n] of Object.entries(r.statuses)) statuses[Number(s)] = (statuses[Number(s)] ?? 0) + n;
  const sent = rounds.reduce((a, r) => a + r.sent, 0);
  const cpu = rounds.every((r) => r.cpuMs)
    ? (Object.fromEntries(
        (["portal", "simulator", "database"] as const).map((k) => [
          k,
          rounds.reduce((a, r) => a + r.cpuMs![k] * r.sent, 0) / sent,
        ]),
      ) as RunStats["cpuMs"])
    : undefined;
  return {
    name,
    sent,
    ok: statuses[200] ?? 0,
    statuses,
    throughput: median(rounds.map((r) => r.throughput)),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    latencies,
    cpuMs: cpu,
  };
}
