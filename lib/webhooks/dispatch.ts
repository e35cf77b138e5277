import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { dispatchDeliveries } from "@/lib/data/webhook-queue";
import { foregroundBusy } from "@/lib/jobs/foreground";
import { log } from "@/lib/log";
import { deliveryJob } from "./queue";

/**
 * Hands received deliveries to the job queue. The receipt only writes a request for a job (a cheap insert in
 * the answer's statement); the queue's add_job costs about ten times the inbox insert, mostly per call, so
 * the jobs are added here in batches (lib/data/webhook-queue.ts `dispatchDeliveries`).
 *
 * One dispatch at a time per process: receipts that arrive while one runs are taken by the next. When idle,
 * each receipt is dispatched at once (a decision's 10-second window counts from receipt); under a burst each
 * call adds the jobs of every delivery received meanwhile.
 *
 * A dispatch takes every waiting delivery, whichever instance received it: one whose receiving process died
 * before dispatching it is taken by the next dispatch anywhere, when a process starts its jobs, or by the
 * orphan check every minute (tasks.ts).
 */

const BATCH = 500;
const GATHER_MS = 20;
/** The task and attempts of a delivery's job; each request carries its own priority. */
const JOB = deliveryJob(undefined);

let running: Promise<number> | null = null;
let again = false;

/** Dispatches soon, without waiting (after a receipt). */
export function dispatchSoon(): void {
  void dispatchWaitingDeliveries();
}

/** Dispatches every waiting delivery; resolves with how many jobs this call (or the one running) added. */
export function dispatchWaitingDeliveries(): Promise<number> {
  if (running) {
    again = true;
    return running;
  }
  running = dispatchUntilNoneWait().finally(() => {
    running = null;
  });
  return running;
}

async function dispatchUntilNoneWait(): Promise<number> {
  let total = 0;
  try {
    do {
      // Under a burst, waiting a moment gathers more receipts in one call (each call costs about a
      // millisecond of database time, whatever it carries). A decision's window is 10 s: 20 ms is nothing.
      if (foregroundBusy()) await sleep(GATHER_MS);
      again = false;
      let added: number;
      do {
        added = await dispatchDeliveries(JOB, BATCH);
        total += added;
      } while (added === BATCH);
    } while (again);
  } catch (err) {
    // The requests stay in the table: the next receipt's dispatch, or the orphan check, takes them.
    log.warn({ err }, "webhook deliveries not handed to the job queue yet: the next dispatch takes them");
  }
  return total;
}
