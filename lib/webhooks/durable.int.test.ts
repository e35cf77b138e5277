import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDeliveryByOperation, listAttempts } from "@/lib/data/deliveries";
import { listAuditFor } from "@/lib/data/events";
import { sweepDeadJobWorkers } from "@/lib/data/job-workers";
import { getSubscription } from "@/lib/data/subscriptions";
import { webhookQueueSummary } from "@/lib/data/webhook-queue";
import { receiveDelivery } from "@/lib/data/webhook-receipts";
import { getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { injectFault, remainingFaults } from "@/test/marketplace-support";
import { startWebhookProcess, startWorkerProcess, type PortalProcess } from "@/test/portal-process";
import { setPortalEnv, settledWebhooks } from "@/test/simulator";
import {
  customerEvent,
  expectSameAsMicrosoft,
  payloadOf,
  settled,
  startHarness,
  subscribed,
  webhookBearer,
  type Harness,
} from "@/test/webhook-harness";
import { deliveryJob } from "./queue";

// Microsoft gets its 200 once a delivery is stored with its job; workers apply it. What that must never
// cost: a delivery lost when a process dies after the 200, a delivery applied twice by two instances, a
// hang at Microsoft turned into a lost delivery, or a refusal that misses Microsoft's 10-second window
// because a backlog sits in front of it.

let h: Harness;
const children: ChildProcess[] = [];
beforeAll(async () => {
  // No worker in the test's own process: each test decides which instances run one.
  h = await startHarness({ jobs: false });
});
afterAll(async () => {
  await h?.stop();
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await h.sim.control("DELETE", "/faults");
  const { stopJobs } = await import("@/lib/jobs/start");
  await stopJobs();
});

async function instance(jobs: number): Promise<PortalProcess> {
  const started = await startWebhookProcess(jobs ? { WEBHOOK_PROCESS_JOBS: String(jobs) } : {});
  children.push(started.process);
  return started;
}

async function deliver(url: string, body: string): Promise<number> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: await webhookBearer(h) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** A Suspend of a subscription the portal does not know yet, its delivery dropped so that the test sends it. */
async function suspension() {
  const id = await subscribed(h, { planId: "basic" });
  await h.sim.control("POST", "/faults/webhooks", { kind: "drop" });
  return { id, op: await customerEvent(h, id, "suspend") };
}

const suspendEvents = async (id: string) =>
  (await listAuditFor("subscription", id)).filter((a) => a.action === "webhook.Suspend");

describe("a delivery acknowledged before it is applied", () => {
  it("is applied once by another instance when the one that answered 200 dies before the work", async () => {
    const web = await instance(0); // answers Microsoft, runs no worker: killed with the work not started
    const { id, op } = await suspension();
    expect(await deliver(web.url, payloadOf(op))).toBe(200);
    expect(await getDeliveryByOperation(op.id)).toMatchObject({ status: "Queued" });
    web.process.kill("SIGKILL");
    expect(await web.exited).toBe("SIGKILL");
    expect(await getSubscription(id)).toBeNull();

    await instance(2); // a restart, or any other instance
    const done = await settled(op.id, { timeoutMs: 30_000 });
    expect(done.status).toBe("Applied");
    expect((await getSubscription(id))?.status).toBe("Suspended");
    await expectSameAsMicrosoft(h, id);
    expect((await listAttempts(done.id)).map((a) => a.source)).toEqual(["microsoft", "queue"]);
    expect(await suspendEvents(id)).toHaveLength(1);
  }, 90_000);

  it("is handed to the queue by the next instance to start when the one that answered 200 died before doing so", async () => {
    // The receipt and its request for a job are stored (what the 200 stands for); the job itself is added by
    // a dispatch right after, which this receiver (the test process, no worker) never runs.
    const { id, op } = await suspension();
    const payload = JSON.parse(payloadOf(op)) as Record<string, unknown>;
    const receipt = await receiveDelivery(
      { operationId: op.id, subscriptionId: id, action: "Suspend", payload },
      deliveryJob(undefined),
      { durationMs: 1, requestId: null },
    );
    expect(receipt.queued).toBe(true);
    const jobs = await getDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker._private_jobs
      WHERE key = ${`webhook:${receipt.delivery.id}`}`;
    expect(Number(jobs[0]!.n)).toBe(0);

    await instance(2); // a restart, or any other instance: it dispatches what waits when it starts its jobs
    // Within seconds, not at the orphan check's next minute.
    const done = await settled(op.id, { timeoutMs: 10_000 });
    expect(done.status).toBe("Applied");
    expect((await getSubscription(id))?.status).toBe("Suspended");
    expect(await suspendEvents(id)).toHaveLength(1);
  }, 90_000);

  it("is taken over from a worker that died mid-way, and applied once", async () => {
    const dying = await instance(2);
    const { id, op } = await suspension();
    // Its worker reaches Get Operation, held by the simulator, and dies there.
    const HANGS = 50;
    await injectFault(h.sim, { endpoint: "getOperation", kind: "hang", hangMs: 120_000, count: HANGS });
    expect(await deliver(dying.url, payloadOf(op))).toBe(200);
    await expect
      .poll(() => remainingFaults(h.sim, "getOperation"), { timeout: 30_000, interval: 20 })
      .toBeLessThan(HANGS);
    expect(await getDeliveryByOperation(op.id)).toMatchObject({ status: "Running" });
    dying.process.kill("SIGKILL");
    await dying.exited;
    await h.sim.control("DELETE", "/faults");

    // Its pool stops beating; rather than wait the minute that declares it dead, its heartbeat is moved back
    // and the sweeper (which runs every minute on some instance) frees its jobs.
    await instance(2);
    const moved = await getDb().$executeRaw`UPDATE "JobWorker" SET "heartbeatAt" = "heartbeatAt" - interval '10 minutes'
      WHERE "process" LIKE ${`%:${dying.process.pid}`}`;
    expect(moved).toBe(1);
    await sweepDeadJobWorkers(60_000);
    const done = await settled(op.id, { timeoutMs: 30_000 });
    expect(done.status).toBe("Applied");
    expect((await getSubscription(id))?.status).toBe("Suspended");
    expect(await suspendEvents(id)).toHaveLength(1);
  }, 120_000);

  it("is applied by exactly one of two instances' workers when both race for it", async () => {
    const [a, b] = await Promise.all([instance(4), instance(4)]);
    const cases = await Promise.all(Array.from({ length: 6 }, () => suspension()));
    // Count Get Operation calls at Microsoft: one per delivery when each is applied once.
    const BUDGET = 1000;
    await injectFault(h.sim, { endpoint: "getOperation", kind: "hang", hangMs: 0, count: BUDGET });
    // Every delivery reaches both instances at the same moment (Microsoft's retry racing its first try).
    const answers = await Promise.all(
      cases.flatMap(({ op }) => [deliver(a.url, payloadOf(op)), deliver(b.url, payloadOf(op))]),
    );
    expect(answers).toEqual(answers.map(() => 200));
    for (const { id, op } of cases) {
      const done = await settled(op.id, { timeoutMs: 30_000 });
      expect(done).toMatchObject({ status: "Applied", attempts: 2 });
      expect((await listAttempts(done.id)).filter((x) => x.source === "queue")).toHaveLength(1);
      expect(await suspendEvents(id)).toHaveLength(1);
    }
    expect(BUDGET - (await remainingFaults(h.sim, "getOperation"))).toBe(cases.length);
  }, 120_000);
});

describe("a worker process of its own (npm run worker)", () => {
  it("applies what a web instance answered, and stops cleanly on SIGTERM", async () => {
    const worker = startWorkerProcess({ WORKER_CONCURRENCY: "2" });
    children.push(worker.process);
    const web = await instance(0);
    const { id, op } = await suspension();
    expect(await deliver(web.url, payloadOf(op))).toBe(200);
    const done = await settled(op.id, { timeoutMs: 60_000 }).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}\nworker output:\n${worker.output()}`);
    });
    expect(done.status).toBe("Applied");
    expect((await getSubscription(id))?.status).toBe("Suspended");
    worker.process.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);
});

describe("Microsoft failing behind the 200", () => {
  it("hangs for 20 s: the delivery shows queued or running, is retried, and applied", async () => {
    await instance(2);
    const { id, op } = await suspension();
    // Microsoft stops answering Get Operation for 20 s (each call hangs; the portal abandons it in time).
    await injectFault(h.sim, { endpoint: "getOperation", kind: "hang", hangMs: 20_000, count: 1000 });
    const started = Date.now();
    expect(await deliver(h.server.url, payloadOf(op))).toBe(200);
    // Not the 20 s of the hang (the first request of a process also fetches Entra's keys).
    expect(Date.now() - started).toBeLessThan(5_000);
    // What an owner sees meanwhile: the delivery waiting, counted in the queue's summary.
    await expect
      .poll(async () => {
        const queue = await webhookQueueSummary();
        return queue.queued + queue.running;
      })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await getDeliveryByOperation(op.id))?.outcome ?? "", { timeout: 30_000, interval: 100 })
      .toMatch(/Attempt 1 of 11; the queue retries it in about 3 s/);
    expect((await getDeliveryByOperation(op.id))?.status).toMatch(/Queued|Running/);
    expect((await getSubscription(id))?.status).not.toBe("Suspended");
    await new Promise((r) => setTimeout(r, Math.max(0, started + 20_000 - Date.now())));
    await h.sim.control("DELETE", "/faults"); // Microsoft is back
    const done = await settled(op.id, { status: "Applied", timeoutMs: 60_000 });
    const attempts = await listAttempts(done.id);
    expect(attempts[0]).toMatchObject({ source: "microsoft", httpStatus: 200 });
    const failed = attempts.slice(1, -1);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    for (const a of failed)
      expect(a).toMatchObject({ source: "queue", outcome: expect.stringMatching(/getOperation: timeout/) });
    expect(attempts.at(-1)).toMatchObject({
      source: "queue",
      outcome: expect.stringMatching(/^Stored Microsoft's state/),
    });
    expect((await getSubscription(id))?.status).toBe("Suspended");
  }, 150_000);
});

describe("the 10-second window under a backlog", () => {
  let restore: () => void;
  afterEach(() => {
    restore?.();
    resetEnvCache();
  });

  it("a refused ChangePlan reaches Microsoft in time with 1 000 deliveries queued before it", async () => {
    restore = setPortalEnv({ WEBHOOK_CHANGE_POLICY: "refuse" });
    resetEnvCache();
    const id = await subscribed(h, { planId: "pro-seats", quantity: 60 });
    // The backlog: deliveries of operations Microsoft does not know (each costs a worker a call and a write).
    const job = { task: "webhook.apply", priority: 0, maxAttempts: 11 };
    for (let i = 0; i < 10; i++)
      await Promise.all(
        Array.from({ length: 100 }, () => {
          const operationId = randomUUID();
          return receiveDelivery(
            { operationId, subscriptionId: randomUUID(), action: "Suspend", payload: { id: operationId } },
            job,
            { durationMs: 1, requestId: null },
          );
        }),
      );
    // Microsoft delivers to the test's route; this process's worker faces the backlog. (One process: the
    // embedded database's socket does not take several processes hammering it; on PostgreSQL it would.)
    const { startJobs } = await import("@/lib/jobs/start");
    await startJobs({ concurrency: 4 });
    expect((await webhookQueueSummary()).queued).toBeGreaterThanOrEqual(900);
    const op = await customerEvent(h, id, "change-plan", { planId: "enterprise" });
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id });
    expect(sent?.attempts.at(-1)?.statusCode).toBe(200);
    const done = await settled(op.id, { timeoutMs: 20_000 });
    expect(done.status).toMatch(/Applied|Pending/);
    // Microsoft's side: the refusal arrived inside its window (after it, Microsoft would have accepted).
    expect((await h.client.getOperation(id, op.id)).status).toBe("Failed");
    expect((await h.client.getSubscription(id)).planId).toBe("pro-seats");
    expect((await webhookQueueSummary()).queued).toBeGreaterThan(0); // the backlog was still there
  }, 120_000);
});
