// The cluster soak's memory and scale-out rules (bench/cluster/verdict.ts): a leak fails, noise passes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { heapGrowth, heapSeries, HEAP_MIN_SAMPLES, LIFE_WARM_UP_MS, scaleOut } from "../bench/cluster/verdict";

// Shaped like a measured instance (bench/cluster.ts, 1 000 deliveries): ~70 MB at start, a step to ~84 MB
// when the soak's first requests load their routes, then flat within a few MB.
const warmUp = [70, 71, 79, 82, 83];
const flat = (n: number) => Array.from({ length: n }, (_, i) => 84 + (i % 3 === 0 ? 2.5 : 0) - (i % 7 === 0 ? 1 : 0));

describe("heapGrowth", () => {
  it("passes a heap that steps up during warm-up and then stays flat with noise", () => {
    const result = heapGrowth([...warmUp, ...flat(55)]);
    expect(result.judged).toBe(true);
    expect(result.ok).toBe(true);
    expect(result.last).toBeLessThan(result.first + 3);
  });

  it("passes a burst's live objects caught in a few samples (medians, not peaks)", () => {
    const series = [...warmUp, ...flat(55)];
    series[50] = series[52] = series[54] = 160;
    expect(heapGrowth(series).ok).toBe(true);
  });

  it("fails a heap that grows steadily with the work done", () => {
    // 0.75 MB per sample (every 5 s): 9 MB a minute, about what 10 KB kept per delivery makes at the soak's rate.
    const leaking = [...warmUp, ...flat(55).map((mb, i) => mb + i * 0.75)];
    const result = heapGrowth(leaking);
    expect(result.ok).toBe(false);
    expect(result.last - result.first).toBeGreaterThan(10);
  });

  it("does not judge a series too short to tell growth from noise", () => {
    const result = heapGrowth([80, 90, 100, 110, 120, 130].slice(0, HEAP_MIN_SAMPLES));
    expect(result.judged).toBe(false);
    expect(result.ok).toBe(true);
    expect(heapGrowth([80, 90, 100, 110, 120, 130, 140, 150]).ok).toBe(false);
  });
});

describe("heapSeries", () => {
  it("keeps the last life of a restarted instance, after its warm-up, within the soak's window", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "heap-")), "portal.heap.jsonl");
    const s = 1000;
    const line = (t: number, pid: number, mb: number) =>
      JSON.stringify({ t, pid, heapUsed: mb * 2 ** 20, external: 0, arrayBuffers: 0, rss: 0 });
    const lines = [line(5 * s, 1, 60), line(50 * s, 1, 90), line(100 * s, 1, 95)];
    // The restarted life: starts at 120 s, loads its routes in its first seconds.
    lines.push(line(120 * s, 2, 68), line(125 * s, 2, 80), line(150 * s, 2, 84), line(160 * s, 2, 85));
    lines.push(line(300 * s, 2, 86));
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    expect(LIFE_WARM_UP_MS).toBe(30 * s);
    expect(heapSeries(file, 10 * s, 200 * s).map((x) => x.heapUsed / 2 ** 20)).toEqual([84, 85]);
    expect(heapSeries(path.join(path.dirname(file), "none.jsonl"), 0, 100)).toEqual([]);
  });
});

describe("scaleOut", () => {
  it("fails 3 instances below 0.9× one on a phase long enough to judge", () => {
    const result = scaleOut({ deliveries: 1000, appliedPerSecond: 100 }, { deliveries: 1000, appliedPerSecond: 85 });
    expect(result).toMatchObject({ enforced: true, ok: false });
    expect(result.ratio).toBeCloseTo(0.85);
    expect(scaleOut({ deliveries: 1000, appliedPerSecond: 100 }, { deliveries: 1000, appliedPerSecond: 90 }).ok).toBe(
      true,
    );
  });

  it("reports but does not enforce the ratio on a phase too short to be stable", () => {
    const result = scaleOut({ deliveries: 300, appliedPerSecond: 100 }, { deliveries: 300, appliedPerSecond: 60 });
    expect(result).toMatchObject({ enforced: false, ok: true });
    expect(result.ratio).toBeCloseTo(0.6);
  });
});
