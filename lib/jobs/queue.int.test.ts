import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { enqueue, startJobRunner, type JobRunner } from "@/lib/data/job-queue";
import { heartbeatJobWorker, sweepDeadJobWorkers } from "@/lib/data/job-workers";
import { getDb, inTransaction } from "@/lib/db";
import { defineTask, enqueueTask } from "./task";
import { taskList } from "./start";

// The job queue on the test's real database (PGlite, or PostgreSQL in the postgres step).

let runner: JobRunner | undefined;
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  await getDb().$executeRaw`DELETE FROM graphile_worker._private_jobs`;
});

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
};

const pendingJobs = async () =>
  (await getDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker.jobs`)[0]!.n;

describe("the job queue", () => {
  it("runs a job added in a committed transaction once, and never one whose transaction rolled back", async () => {
    const seen: string[] = [];
    const task = defineTask({
      name: "test.record",
      payload: z.object({ note: z.string() }),
      async run(p) {
        seen.push(p.note);
      },
    });
    await inTransaction(async (tx) => enqueueTask(task, { note: "committed" }, {}, tx));
    await inTransaction(async (tx) => {
      await enqueueTask(task, { note: "rolled back" }, {}, tx);
      throw new Error("roll back");
    }).catch(() => undefined);
    runner = await startJobRunner({ tasks: taskList([task]), cron: [], concurrency: 2 });
    await until(async () => (await pendingJobs()) === 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(["committed"]);
  });

  it("runs the jobs of one named queue one at a time, in the order they were added", async () => {
    const order: number[] = [];
    let running = 0;
    let overlapped = false;
    const task = defineTask({
      name: "test.ordered",
      payload: z.object({ i: z.number() }),
      async run({ i }) {
        running += 1;
        overlapped ||= running > 1;
        await new Promise((r) => setTimeout(r, 5));
        order.push(i);
        running -= 1;
      },
    });
    for (let i = 0; i < 20; i++) await enqueueTask(task, { i }, { queue: "subscription:one" });
    runner = await startJobRunner({ tasks: taskList([task]), cron: [], concurrency: 4 });
    // On the embedded database a queue's next job may wait for the runner's poll (250 ms): order, not speed.
    await until(() => order.length === 20, 30_000);
    expect(order).toEqual([...Array(20).keys()]);
    expect(overlapped).toBe(false);
  });

  it("retries a failing job with backoff and keeps it, failed and visible, after its last attempt", async () => {
    let attempts = 0;
    const task = defineTask({
      name: "test.failing",
      payload: z.object({}),
      maxAttempts: 2,
      async run() {
        attempts += 1;
        throw new Error("Microsoft is down");
      },
    });
    await enqueueTask(task, {});
    // The first retry waits exp(1) ≈ 2.7 s: bring it forward instead of waiting.
    runner = await startJobRunner({ tasks: taskList([task]), cron: [], concurrency: 1 });
    await until(() => attempts === 1);
    await until(
      async () =>
        (
          await getDb().$queryRaw<
            { n: number }[]
          >`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE attempts = 1 AND locked_at IS NULL`
        )[0]!.n === 1,
    );
    await getDb().$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now()`;
    await until(() => attempts === 2);
    await until(async () => {
      const rows = await getDb().$queryRaw<
        { attempts: number; max_attempts: number; last_error: string | null; locked_at: Date | null }[]
      >`SELECT attempts, max_attempts, last_error, locked_at FROM graphile_worker.jobs`;
      return (
        rows.length === 1 &&
        rows[0]!.attempts === 2 &&
        rows[0]!.locked_at === null &&
        /Microsoft is down/.test(rows[0]!.last_error ?? "")
      );
    });
  });

  it("gives the jobs of a process that died (its heartbeat stopped) to a living one", async () => {
    const seen: string[] = [];
    const task = defineTask({
      name: "test.orphan",
      payload: z.object({ note: z.string() }),
      async run(p) {
        seen.push(p.note);
      },
    });
    await enqueue("test.orphan", { note: "left behind" });
    // What a killed process leaves: its job locked by its pool, its pool's last heartbeat a while ago.
    await getDb().$executeRaw`UPDATE graphile_worker._private_jobs SET locked_by = 'pool-dead', locked_at = now()`;
    await heartbeatJobWorker("pool-dead", "elsewhere:1", new Date(Date.now() - 5 * 60_000));
    await heartbeatJobWorker("pool-alive", "here:2", new Date());
    runner = await startJobRunner({ tasks: taskList([task]), cron: [], concurrency: 1 });
    await new Promise((r) => setTimeout(r, 600));
    expect(seen).toEqual([]); // locked: nobody runs it

    const swept = await sweepDeadJobWorkers(60_000);
    expect(swept.map((p) => p.poolId)).toEqual(["pool-dead"]);
    await until(() => seen.length === 1);
    expect(seen).toEqual(["left behind"]);
    expect(await getDb().jobWorker.findMany({ select: { poolId: true } })).toEqual([{ poolId: "pool-alive" }]);
  });
});
