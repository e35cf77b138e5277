import "server-only";
import { z } from "zod";
import { sweepDeadJobWorkers } from "@/lib/data/job-workers";
import { log } from "@/lib/log";
import { defineTask } from "./task";

/** How often a running pool says it is alive, and how long a silence means its process died. */
export const HEARTBEAT_MS = 10_000;
export const DEAD_AFTER_MS = 60_000;
/** A job locked by a living pool this long that the pool is not running has lost its outcome (job-workers.ts). */
export const LOST_AFTER_MS = 30_000;

/** Every minute, on one instance: the jobs of pools that stopped beating go back to the queue. */
export const sweepTask = defineTask({
  name: "jobs.sweep",
  payload: z.looseObject({}),
  schedule: "* * * * *",
  maxAttempts: 1,
  async run() {
    const swept = await sweepDeadJobWorkers(DEAD_AFTER_MS);
    for (const pool of swept)
      log.warn(
        { poolId: pool.poolId, process: pool.process },
        "job queue: a portal process stopped without releasing its jobs; they run again elsewhere",
      );
  },
});
