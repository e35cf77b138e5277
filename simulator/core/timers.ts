// Every timer the simulator starts goes through here, so stop() can cancel them all and no test leaks one.
export type Timers = {
  /** Runs `task` after `ms`; errors are reported, never thrown into the event loop. */
  after(ms: number, task: () => void | Promise<void>): void;
  /** Resolves after `ms`, or at once when the simulator stops. */
  sleep(ms: number): Promise<void>;
  stop(): void;
};

export function createTimers(onError: (error: unknown) => void): Timers {
  const pending = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();
  let stopped = false;
  return {
    after(ms, task) {
      if (stopped) return;
      const handle = setTimeout(
        () => {
          pending.delete(handle);
          if (stopped) return;
          Promise.resolve().then(task).catch(onError);
        },
        Math.max(0, ms),
      );
      pending.add(handle);
    },
    sleep(ms) {
      if (stopped) return Promise.resolve();
      return new Promise((resolve) => {
        const wake = (): void => {
          clearTimeout(handle);
          sleepers.delete(wake);
          resolve();
        };
        const handle = setTimeout(wake, Math.max(0, ms));
        sleepers.add(wake);
      });
    },
    stop() {
      stopped = true;
      for (const handle of pending) clearTimeout(handle);
      pending.clear();
      for (const wake of [...sleepers]) wake();
    },
  };
}
