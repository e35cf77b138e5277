import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { enqueue, startJobRunner, type JobRunner } from "@/lib/data/job-queue";
import { releaseLostJobs } from "@/lib/data/job-workers";
import { getDb } from "@/lib/db";
import { defineTask } from "./task";
import { taskList } from "./start";

// Found by bench/cluster.ts: when PostgreSQL restarted, jobs that had just run could not record their
// outcome (Graphile Worker does not retry a refused connection) and stayed locked by a living instance
// for 4 hours: webhook deliveries stuck Running, and one endpoint's named queue, with every outbound event
// behind it, held. The living pool gives back what it locked and no longer runs.

let runner: JobRunner | undefined;
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  const db = getDb();
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_lose_outcome ON graphile_worker._private_jobs`);
  await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS test_lose_outcome()`);
  await db.$executeRawUnsafe(`DROP SEQUENCE IF EXISTS test_lost_outcomes`);
  await db.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
});

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
};

/**
 * The first completion of a job never reaches the database, as while it restarts: the row is left as it was
 * (a BEFORE DELETE trigger skips the delete; the real failure is a refused connection, which the queue
 * does not retry and reports only as an unhandled rejection).
 */
async function loseFirstOutcome() {
  const db = getDb();
  await db.$executeRawUnsafe(`CREATE SEQUENCE test_lost_outcomes`);
  await db.$executeRawUnsafe(`CREATE FUNCTION test_lose_outcome() RETURNS trigger AS $$ BEGIN
    IF nextval('test_lost_outcomes') = 1 THEN RETURN NULL; END IF;
    RETURN OLD; END $$ LANGUAGE plpgsql`);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER test_lose_outcome BEFORE DELETE ON graphile_worker._private_jobs FOR EACH ROW EXECUTE FUNCTION test_lose_outcome()`,
  );
}

const lockedBy = async () =>
  (await getDb().$queryRaw<{ locked_by: string | null }[]>`SELECT locked_by FROM graphile_worker._private_jobs`).map(
    (j) => j.locked_by,
  );

describe("a job whose outcome never reached the database", () => {
  it("is given back to the queue by its living pool, and runs again", async () => {
    const seen: string[] = [];
    const task = defineTask({
      name: "test.lost",
      payload: z.object({ note: z.string() }),
      async run(p) {
        seen.push(p.note);
      },
    });
    await loseFirstOutcome();
    await enqueue("test.lost", { note: "ran" });
    runner = await startJobRunner({ tasks: taskList([task]), cron: [], concurrency: 1 });
    await until(() => seen.length === 1);
    // It ran, its completion was refused: still locked by this pool, which no longer runs it.
    await until(async () => runner!.running().length === 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await lockedBy()).toEqual([runner.poolId]);
    expect(seen).toEqual(["ran"]);

    // Locked less than a minute ago: too recent to call lost.
    expect(await releaseLostJobs(runner.poolId, runner.running(), 60_000)).toEqual([]);
    const released = await releaseLostJobs(runner.poolId, runner.running(), 0);
    expect(released).toHaveLength(1);
    await until(async () => (await lockedBy()).length === 0);
    expect(seen).toEqual(["ran", "ran"]);
  });

  it("leaves alone a job its pool is running", async () => {
    let finish = () => {};
    const task = defineTask({
      name: "test.slow",
      payload: z.object({}),
      run: () => new Promise<void>((resolve) => (finish = resolve)),
    });
    await enqueue("test.slow", {});
    runner = await startJobRunner({ tasks: taskList([task]), cron: [], concurrency: 1 });
    await until(async () => runner!.running().length === 1);
    expect(await releaseLostJobs(runner.poolId, runner.running(), 0)).toEqual([]);
    expect(await lockedBy()).toEqual([runner.poolId]);
    finish();
    await until(async () => (await lockedBy()).length === 0);
  });
});
