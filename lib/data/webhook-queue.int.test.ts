import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { Prisma } from "@/generated/prisma/client";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { setPortalEnv } from "@/test/simulator";
import { getDeliveryByOperation, listAttempts, setDeliveryOutcome } from "./deliveries";
import { getSubscription, markActivated, saveBuyerDetails } from "./subscriptions";
import { syncSubscription } from "./subscription-store";
import {
  deferDelivery,
  dispatchDeliveries,
  requeueDelivery,
  requeueOrphanedDeliveries,
  startDeliveryWork,
  webhookQueueSummary,
  type DeliveryJob,
} from "./webhook-queue";
import { receiveDelivery } from "./webhook-receipts";

const JOB: DeliveryJob = { task: "webhook.apply", priority: 0, maxAttempts: 11 };
const ATTEMPT = { durationMs: 3, requestId: "req-1" };

const delivery = (operationId: string = randomUUID(), subscriptionId: string = randomUUID()) => ({
  operationId,
  subscriptionId,
  action: "ChangePlan",
  payload: { id: operationId, action: "ChangePlan", planId: "enterprise", unknownField: { kept: true } },
});

type JobRow = { key: string; priority: number; max_attempts: number; run_at: Date; payload: { deliveryId: string } };
const jobsOf = (deliveryId: string) =>
  getDb().$queryRaw<JobRow[]>`SELECT key, priority, max_attempts, run_at, payload FROM graphile_worker._private_jobs
    WHERE key = ${`webhook:${deliveryId}`}`;

type DispatchRow = { deliveryId: string; priority: number };
const dispatchRequestOf = (deliveryId: string) =>
  getDb().$queryRaw<DispatchRow[]>`SELECT "deliveryId"::text, "priority" FROM "DeliveryDispatch"
    WHERE "deliveryId" = ${deliveryId}::uuid`;
/** Adds the jobs of every delivery waiting for one (the whole table: other tests' deliveries too). */
const dispatch = () => dispatchDeliveries(JOB, 500);

describe("receiveDelivery", () => {
  it("stores the first delivery with its payload intact, its request for a job and its receipt, in one statement; a dispatch adds the job", async () => {
    const input = delivery();
    const receipt = await receiveDelivery(input, { ...JOB, priority: -10 }, ATTEMPT);
    expect(receipt).toMatchObject({ firstDelivery: true, priorStatus: null, queued: true });
    expect(receipt.delivery).toMatchObject({ operationId: input.operationId, status: "Queued", attempts: 1 });
    expect((await getDeliveryByOperation(input.operationId))?.payload).toEqual(input.payload);
    expect(await dispatchRequestOf(receipt.delivery.id)).toEqual([{ deliveryId: receipt.delivery.id, priority: -10 }]);
    expect(await jobsOf(receipt.delivery.id)).toHaveLength(0);
    expect(await dispatch()).toBeGreaterThanOrEqual(1);
    expect(await dispatchRequestOf(receipt.delivery.id)).toHaveLength(0);
    const jobs = await jobsOf(receipt.delivery.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ priority: -10, max_attempts: 11, payload: { deliveryId: receipt.delivery.id } });
    expect(await listAttempts(receipt.delivery.id)).toMatchObject([
      { source: "microsoft", httpStatus: 200, outcome: "Received and queued.", durationMs: 3, requestId: "req-1" },
    ]);
  });

  it("answers with the stored delivery's id and state, and the worker reads it exactly as Prisma does, whatever the time zone", async () => {
    // node-postgres alone reads timestamp columns as local time; the portal reads them as UTC, like Prisma.
    const restore = setPortalEnv({ TZ: "America/Los_Angeles" });
    try {
      const input = delivery();
      const first = await receiveDelivery(input, JOB, ATTEMPT);
      const stored = await getDeliveryByOperation(input.operationId);
      expect(first.delivery).toEqual({ id: stored!.id, operationId: input.operationId, status: "Queued", attempts: 1 });
      const taken = await startDeliveryWork(first.delivery.id);
      expect(taken?.delivery).toEqual(await getDeliveryByOperation(input.operationId));
      expect(taken?.delivery.status).toBe("Running");
      expect(Math.abs(taken!.delivery.receivedAt.getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      restore();
    }
  });

  it("counts a repeat as an attempt without a second job, and says what it found", async () => {
    const input = delivery();
    const { delivery: first } = await receiveDelivery(input, JOB, ATTEMPT);
    await setDeliveryOutcome(first.id, "Applied", "Stored.");
    const second = await receiveDelivery(input, JOB, ATTEMPT);
    expect(second).toMatchObject({ firstDelivery: false, priorStatus: "Applied", queued: false });
    expect(second.delivery).toMatchObject({ attempts: 2, status: "Applied" });
    expect((await listAttempts(first.id)).map((a) => a.outcome)).toEqual([
      "Received and queued.",
      "Repeat delivery (Applied): acknowledged, not queued again.",
    ]);
  });

  it("queues a repeat again when the queue had given up on it (Failed)", async () => {
    const input = delivery();
    const { delivery: first } = await receiveDelivery(input, JOB, ATTEMPT);
    await dispatch();
    await getDb().$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ${`webhook:${first.id}`}`;
    await setDeliveryOutcome(first.id, "Failed", "Gave up.");
    const again = await receiveDelivery(input, JOB, ATTEMPT);
    expect(again).toMatchObject({ priorStatus: "Failed", queued: true, delivery: { status: "Queued" } });
    await dispatch();
    expect(await jobsOf(first.id)).toHaveLength(1);
  });

  it("lets exactly one of five simultaneous deliveries be the first, with one job", async () => {
    const input = delivery();
    const results = await Promise.all(Array.from({ length: 5 }, () => receiveDelivery(input, JOB, ATTEMPT)));
    expect(results.filter((r) => r.firstDelivery)).toHaveLength(1);
    const stored = await getDeliveryByOperation(input.operationId);
    expect(stored?.attempts).toBe(5);
    expect(await dispatchRequestOf(stored!.id)).toHaveLength(1);
    await dispatch();
    expect(await jobsOf(stored!.id)).toHaveLength(1);
    expect(await listAttempts(stored!.id)).toHaveLength(5);
  });
});

describe("dispatchDeliveries", () => {
  it("adds each waiting delivery's job once when several dispatches run at the same time", async () => {
    const received = await Promise.all(Array.from({ length: 40 }, () => receiveDelivery(delivery(), JOB, ATTEMPT)));
    const counts = await Promise.all(Array.from({ length: 4 }, () => dispatchDeliveries(JOB, 7)));
    // Each call takes up to 7; what the four left is taken by the next.
    await dispatch();
    for (const { delivery: d } of received) {
      expect(await jobsOf(d.id)).toHaveLength(1);
      expect(await dispatchRequestOf(d.id)).toHaveLength(0);
    }
    expect(counts.every((n) => n <= 7)).toBe(true);
  });

  it("takes decisions first, then by receipt, up to its limit", async () => {
    await dispatch(); // nothing else waiting
    const plain = (await receiveDelivery(delivery(), JOB, ATTEMPT)).delivery;
    const later = (await receiveDelivery(delivery(), JOB, ATTEMPT)).delivery;
    const decision = (await receiveDelivery(delivery(), { ...JOB, priority: -10 }, ATTEMPT)).delivery;
    expect(await dispatchDeliveries(JOB, 2)).toBe(2);
    expect(await jobsOf(decision.id)).toHaveLength(1);
    expect(await jobsOf(plain.id)).toHaveLength(1);
    expect(await jobsOf(later.id)).toHaveLength(0);
    expect(await dispatch()).toBe(1);
    expect(await dispatch()).toBe(0);
  });
});

describe("a worker's view of the queue", () => {
  it("takes a delivery over once it is Queued (or Running from a dead worker), with the stored subscription", async () => {
    const input = subscriptionInput({ status: "Subscribed" });
    await syncSubscription(input, { actor: { type: "microsoft" }, action: "subscription.synced" }, new Date());
    await markActivated(input.id, null, new Date("2026-11-20T10:00:01.789Z"));
    await saveBuyerDetails(input.id, { company: "Contoso", seats: "12" });
    const { delivery: d } = await receiveDelivery(delivery(randomUUID(), input.id), JOB, ATTEMPT);
    const taken = await startDeliveryWork(d.id);
    expect(taken?.delivery.status).toBe("Running");
    expect(taken?.subscription).toEqual(await getSubscription(input.id));
    expect((await startDeliveryWork(d.id))?.delivery.status).toBe("Running"); // its worker died: taken again
    await setDeliveryOutcome(d.id, "Applied", "Stored.");
    expect(await startDeliveryWork(d.id)).toBeNull();
    const unknown = await receiveDelivery(delivery(), JOB, ATTEMPT);
    expect((await startDeliveryWork(unknown.delivery.id))?.subscription).toBeNull();
  });

  it("finds the earlier unsettled delivery of the same subscription, in receipt order, except a passable one", async () => {
    const subscriptionId = randomUUID();
    const a = (await receiveDelivery(delivery(randomUUID(), subscriptionId), JOB, ATTEMPT)).delivery;
    const b = (await receiveDelivery(delivery(randomUUID(), subscriptionId), JOB, ATTEMPT)).delivery;
    const c = (await receiveDelivery(delivery(randomUUID(), subscriptionId), JOB, ATTEMPT)).delivery;
    // Receipt times are kept to the millisecond: three receipts in a row can share one, and a tie is broken by
    // the (random) id. Seconds apart, as Microsoft's deliveries of one subscription are.
    for (const [i, d] of [a, b, c].entries())
      await getDb()
        .$executeRaw`UPDATE "WebhookDelivery" SET "receivedAt" = "receivedAt" - ${3 - i} * interval '1 second'
        WHERE "id" = ${d.id}::uuid`;
    await receiveDelivery(delivery(), JOB, ATTEMPT); // another subscription's: never in the way
    const earlierOf = async (id: string, passable = "waits for a later one") =>
      (await startDeliveryWork(id, passable))?.earlier?.id ?? null;
    expect(await earlierOf(a.id)).toBeNull();
    expect(await earlierOf(c.id)).toBe(a.id);
    await setDeliveryOutcome(a.id, "Queued", "It waits for a later one to explain it.");
    expect(await earlierOf(c.id)).toBe(b.id);
    await setDeliveryOutcome(b.id, "Pending", "Followed up.");
    expect(await earlierOf(c.id)).toBeNull();
    await setDeliveryOutcome(a.id, "Queued", "Microsoft could not be reached.");
    expect(await earlierOf(c.id)).toBe(a.id);
  });

  it("defers a running delivery to a later time with a new job", async () => {
    const { delivery: d } = await receiveDelivery(delivery(), JOB, ATTEMPT);
    await startDeliveryWork(d.id);
    await getDb().$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'test'
      WHERE key = ${`webhook:${d.id}`}`;
    await deferDelivery(d.id, JOB, 5_000);
    expect((await getDeliveryByOperation(d.operationId))?.status).toBe("Queued");
    const jobs = await jobsOf(d.id);
    expect(jobs).toHaveLength(1); // the locked one gave its key up
    expect(jobs[0]!.run_at.getTime() - Date.now()).toBeGreaterThan(3_000);
  });

  it("queues a delivery again for an owner only from the statuses allowed, once for two clicks", async () => {
    const { delivery: d } = await receiveDelivery(delivery(), JOB, ATTEMPT);
    expect(await requeueDelivery(d.id, ["Failed"], JOB, "Queued again by Ada.")).toBeNull(); // Queued: no
    await getDb().$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ${`webhook:${d.id}`}`;
    await setDeliveryOutcome(d.id, "Failed", "Gave up.");
    const clicks = await Promise.all([1, 2].map(() => requeueDelivery(d.id, ["Failed"], JOB, "Queued again by Ada.")));
    expect(clicks.filter(Boolean)).toHaveLength(1);
    expect(await jobsOf(d.id)).toHaveLength(1);
    expect((await listAttempts(d.id)).at(-1)).toMatchObject({ source: "rerun", httpStatus: null });
  });

  it("queues again a delivery that lost its job, once it has waited long enough", async () => {
    const { delivery: d } = await receiveDelivery(delivery(), JOB, ATTEMPT);
    const old = Prisma.sql`UPDATE "WebhookDelivery" SET "lastAttemptAt" = "lastAttemptAt" - interval '5 minutes' WHERE "id" = ${d.id}::uuid`;
    await getDb().$executeRaw(old);
    expect(await requeueOrphanedDeliveries(JOB, 60_000)).toBe(0); // waiting for its dispatch: not an orphan
    await dispatch();
    await getDb().$executeRaw`UPDATE "WebhookDelivery" SET "lastAttemptAt" = now() WHERE "id" = ${d.id}::uuid`;
    await getDb().$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ${`webhook:${d.id}`}`;
    expect(await requeueOrphanedDeliveries(JOB, 60_000)).toBe(0); // too recent: its job may be on its way
    await getDb().$executeRaw(old);
    expect(await requeueOrphanedDeliveries(JOB, 60_000)).toBe(1);
    expect(await jobsOf(d.id)).toHaveLength(1);
    expect(await requeueOrphanedDeliveries(JOB, 60_000)).toBe(0);
  });

  it("summarises what waits: queued, running, and the age of the oldest queued delivery", async () => {
    const before = await webhookQueueSummary();
    const { delivery: d } = await receiveDelivery(delivery(), JOB, ATTEMPT);
    await getDb()
      .$executeRaw`UPDATE "WebhookDelivery" SET "receivedAt" = "receivedAt" - interval '1 hour' WHERE "id" = ${d.id}::uuid`;
    const other = await receiveDelivery(delivery(), JOB, ATTEMPT);
    await startDeliveryWork(other.delivery.id);
    const now = await webhookQueueSummary();
    expect(now.queued).toBe(before.queued + 1);
    expect(now.running).toBe(before.running + 1);
    expect(now.oldestQueuedAgeMs).toBeGreaterThan(3_500_000);
    expect(now.oldestQueuedAt?.getTime()).toBeLessThan(Date.now() - 3_500_000);
  });
});
