import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startReconcileSchedule, type Schedule } from "./scheduler";

let schedule: Schedule | undefined;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  schedule?.stop();
  schedule = undefined;
  vi.useRealTimers();
});

const MINUTE = 60_000;

describe("the reconciliation schedule", () => {
  it("is off at 0 minutes", async () => {
    const run = vi.fn(async () => undefined);
    expect(startReconcileSchedule({ intervalMinutes: 0, run })).toBeUndefined();
    await vi.advanceTimersByTimeAsync(24 * 60 * MINUTE);
    expect(run).not.toHaveBeenCalled();
  });

  it("runs first after a jittered delay, then every interval after each run ends, never overlapping", async () => {
    let finish: () => void = () => undefined;
    const run = vi.fn((_skipWithinMs: number) => new Promise<void>((resolve) => (finish = resolve)));
    schedule = startReconcileSchedule({ intervalMinutes: 60, run, random: () => 0.5 });
    // 1 minute + half of min(60 minutes, 10 minutes).
    expect(schedule?.nextRunAt()?.getTime()).toBe(Date.now() + 6 * MINUTE);
    await vi.advanceTimersByTimeAsync(6 * MINUTE - 1);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    // Other instances' runs count: a scheduled run is skipped if any started within 90% of the interval.
    expect(run).toHaveBeenCalledWith(54 * MINUTE);
    // A long run: no second one meanwhile, and the next comes an interval after it ends.
    await vi.advanceTimersByTimeAsync(90 * MINUTE);
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("keeps going after a failed run, and starts once per process", async () => {
    const run = vi.fn(async () => Promise.reject(new Error("database down")));
    schedule = startReconcileSchedule({ intervalMinutes: 5, run, random: () => 0, firstRunMinMs: 1_000 });
    expect(startReconcileSchedule({ intervalMinutes: 5, run })).toBe(schedule);
    await vi.advanceTimersByTimeAsync(1_000 + 10 * MINUTE);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it("never keeps the process alive (unref'd timer)", () => {
    const unref = vi.fn();
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((() => ({ unref, ref: vi.fn(), hasRef: () => false })) as unknown) as typeof setTimeout);
    schedule = startReconcileSchedule({ intervalMinutes: 60, run: async () => undefined });
    expect(unref).toHaveBeenCalled();
    spy.mockRestore();
  });
});
