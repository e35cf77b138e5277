import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { getDeliveryByOperation, listAttempts, type AttemptRecord } from "@/lib/data/deliveries";
import { getSubscription } from "@/lib/data/subscriptions";
import { deliveryJobKey } from "@/lib/data/webhook-queue";
import { disconnectDb, getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { injectFault, remainingFaults } from "@/test/marketplace-support";
import { setPortalEnv, settledWebhooks } from "@/test/simulator";
import { rerunDelivery } from "./rerun";
import {
  customerEvent,
  expectSameAsMicrosoft,
  payloadOf,
  post,
  settled,
  startHarness,
  subscribed,
  webhookBearer,
  type Harness,
} from "@/test/webhook-harness";

// Microsoft delivers at least once, sometimes twice at the same moment, out of order, and retries for
// hours: the inbox answers 200 once a delivery is stored and queued, and the queue's worker applies each
// operation once, in the right order, retrying with backoff what fails.

let h: Harness;
beforeAll(async () => {
  // No scheduled reconciliation: its first run (at the worker's first minute tick) would store the
  // subscriptions these tests expect only the webhook to store.
  h = await startHarness({ env: { RECONCILE_INTERVAL_MINUTES: "0" } });
});
afterAll(() => h?.stop());
afterEach(() => h.sim.control("DELETE", "/faults"));

const simSub = async (id: string) =>
  (
    await h.sim.control<{ planId: string; quantity?: number; saasSubscriptionStatus: string }>(
      "GET",
      `/subscriptions/${id}`,
    )
  ).body;
const auditActions = async (id: string) => (await listAuditFor("subscription", id)).map((a) => a.action);
const inbox = async (operationId: string) => (await getDeliveryByOperation(operationId))!;
const dropNextWebhooks = (count = 1) => h.sim.control("POST", "/faults/webhooks", { kind: "drop", count });
/** Counts the portal's calls of a simulator endpoint: a zero-length hang changes nothing about the answer. */
const countCalls = async (endpoint: string) => {
  await injectFault(h.sim, { endpoint, kind: "hang", hangMs: 0, count: 1000 });
  return async () => 1000 - (await remainingFaults(h.sim, endpoint));
};
const countPatches = () => countCalls("patchOperation");
/** The attempt log as [source, httpStatus, outcome], oldest first. */
const attemptRows = async (deliveryId: string) =>
  (await listAttempts(deliveryId)).map((a) => [a.source, a.httpStatus, a.outcome]);
/** The delivery's jobs in the queue (a job whose key was released by a newer one included). */
const jobsOf = (deliveryId: string) =>
  getDb().$queryRaw<{ id: bigint; attempts: number; locked: boolean; last_error: string | null }[]>`
    SELECT id, attempts, locked_at IS NOT NULL AS locked, last_error FROM graphile_worker._private_jobs
    WHERE payload->>'deliveryId' = ${deliveryId} ORDER BY id`;
/** Waits until the delivery's attempt log satisfies `done` (a worker writes its attempt when it ends). */
async function attemptsUntil(
  deliveryId: string,
  done: (attempts: AttemptRecord[]) => boolean,
  timeoutMs = 15_000,
): Promise<AttemptRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const attempts = await listAttempts(deliveryId);
    if (done(attempts)) return attempts;
    if (Date.now() > deadline)
      throw new Error(`attempts of ${deliveryId} not as awaited: ${JSON.stringify(attempts.map((a) => a.outcome))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const byQueue = (a: AttemptRecord) => a.source === "queue";
/** A closed port: every query of the portal's client fails to connect, as when the database server is down. */
async function databaseUnreachable() {
  await disconnectDb();
  const restore = setPortalEnv({ DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:9/postgres" });
  resetEnvCache();
  return async () => {
    await disconnectDb();
    restore();
    resetEnvCache();
  };
}

const RECEIVED = ["microsoft", 200, "Received and queued."];
const repeatWhile = (status: string) => [
  "microsoft",
  200,
  `Repeat delivery (${status}): acknowledged, not queued again.`,
];
const REPEAT = expect.stringMatching(
  /^Repeat delivery \((Queued|Running|Applied)\): acknowledged, not queued again\.$/,
);
const retriedIn3s = (why: RegExp) =>
  expect.stringMatching(new RegExp(`^${why.source}.* Attempt 1 of 11; the queue retries it in about 3 s\\.$`));
const SUSPENDED = ["queue", null, "Stored Microsoft's state: plan basic, Suspended."];

describe("repeated deliveries", () => {
  it("apply once when the same delivery arrives five times", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "change-quantity", { quantity: 20 });
    const patches = await countPatches();
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push(await post(h, payloadOf(op), await webhookBearer(h)));
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    const delivery = await settled(op.id);
    expect(delivery).toMatchObject({ status: "Applied", attempts: 5 });
    expect(await patches()).toBe(1);
    const attempts = await listAttempts(delivery.id);
    expect(attempts.filter((a) => a.source === "microsoft").map((a) => [a.httpStatus, a.outcome])).toEqual([
      [200, "Received and queued."],
      ...Array.from({ length: 4 }, () => [200, REPEAT]),
    ]);
    expect(attempts.filter(byQueue).map((a) => [a.httpStatus, a.outcome])).toEqual([
      [null, expect.stringMatching(/^Accepted: .*Stored Microsoft's state: plan pro-seats, 20 seats, Subscribed\.$/)],
    ]);
    expect((await auditActions(id)).filter((a) => a.startsWith("webhook.ChangeQuantity"))).toEqual([
      "webhook.ChangeQuantity.accepted",
      "webhook.ChangeQuantity",
    ]);
    await expectSameAsMicrosoft(h, id);
  });

  it("apply once when five copies arrive at the same moment (the database decides, not memory)", async () => {
    const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "change-quantity", { quantity: 30 });
    const patches = await countPatches();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => webhookBearer(h)));
    const answers = await Promise.all(tokens.map((token) => post(h, payloadOf(op), token)));
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    const delivery = await settled(op.id);
    expect(delivery).toMatchObject({ status: "Applied", attempts: 5 });
    expect(await patches()).toBe(1);
    const outcomes = (await listAttempts(delivery.id)).map((a) => `${a.source} ${a.outcome}`);
    expect(outcomes.filter((o) => o === "microsoft Received and queued.")).toHaveLength(1);
    expect(outcomes.filter((o) => o.startsWith("microsoft Repeat delivery"))).toHaveLength(4);
    expect(outcomes.filter((o) => o.startsWith("queue "))).toHaveLength(1);
    expect((await auditActions(id)).filter((a) => a === "webhook.ChangeQuantity")).toHaveLength(1);
    expect((await simSub(id)).quantity).toBe(30);
    await expectSameAsMicrosoft(h, id);
  });

  it("a copy that arrives while the delivery is being applied or waits for its retry is answered 200 and not queued twice", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "suspend");
    // Microsoft's Operations API hangs past the portal's per-call timeout, twice: the worker's first attempt
    // is Running for ~4 s, then fails and waits for the queue's retry (~3 s later).
    await injectFault(h.sim, { endpoint: "getOperation", kind: "hang", hangMs: 3_000, count: 2 });
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    const { id: deliveryId } = await settled(op.id, { status: "Running" });
    const [job] = await jobsOf(deliveryId);

    // A copy while it is Running: acknowledged, and the running job stays the only one.
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    expect((await jobsOf(deliveryId)).map((j) => j.id)).toEqual([job!.id]);

    // The attempt fails; a copy while the delivery waits for the retry does not replace its job (which
    // would reset its backoff) nor add another.
    await attemptsUntil(deliveryId, (a) => a.some(byQueue));
    expect(await inbox(op.id)).toMatchObject({
      status: "Queued",
      outcome: retriedIn3s(/Microsoft could not be reached or refused the portal's call \(getOperation: \w+\)\./),
    });
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    expect((await jobsOf(deliveryId)).map((j) => [j.id, j.attempts])).toEqual([[job!.id, 1]]);

    expect(await settled(op.id)).toMatchObject({ status: "Applied", attempts: 3 });
    expect(await attemptRows(deliveryId)).toEqual([
      RECEIVED,
      repeatWhile("Running"),
      ["queue", null, retriedIn3s(/Microsoft could not be reached .*\(getOperation: \w+\)\./)],
      repeatWhile("Queued"),
      SUSPENDED,
    ]);
    expect(await jobsOf(deliveryId)).toEqual([]);
    expect((await auditActions(id)).filter((a) => a === "webhook.Suspend")).toHaveLength(1);
    await expectSameAsMicrosoft(h, id);
  });

  it("apply once when Microsoft itself sends a notification twice", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await h.sim.control("POST", "/faults/webhooks", { kind: "duplicate" });
    const op = await customerEvent(h, id, "suspend");
    const sent = await settledWebhooks(h.sim, { operationId: op.id }, { count: 2 });
    expect(sent.map((d) => d.state)).toEqual(["delivered", "delivered"]);
    const delivery = await settled(op.id);
    expect(delivery).toMatchObject({ status: "Applied", attempts: 2 });
    const attempts = await listAttempts(delivery.id);
    expect(attempts.filter((a) => a.source === "microsoft").map((a) => a.outcome)).toEqual([
      "Received and queued.",
      REPEAT,
    ]);
    expect(attempts.filter(byQueue)).toHaveLength(1);
    expect((await auditActions(id)).filter((a) => a === "webhook.Suspend")).toHaveLength(1);
    await expectSameAsMicrosoft(h, id);
  });
});

describe("deliveries out of order", () => {
  it("Suspend delivered after the Reinstate that followed it: ignored as stale, the subscription stays Subscribed", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await h.sim.control("POST", "/faults/webhooks", { kind: "reorder", count: 2 });
    const suspend = await customerEvent(h, id, "suspend");
    const reinstate = await customerEvent(h, id, "reinstate");
    const sent = await settledWebhooks(h.sim, { subscriptionId: id }, { count: 2 });
    expect(sent.map((d) => [d.action, d.attempts.map((a) => a.statusCode)])).toEqual([
      ["Reinstate", [200]],
      ["Suspend", [200]],
    ]);
    expect((await settled(reinstate.id)).status).toBe("Applied");
    expect(await settled(suspend.id)).toMatchObject({ status: "Ignored", outcome: expect.stringMatching(/^Stale/) });
    expect((await getSubscription(id))?.status).toBe("Subscribed");
    await expectSameAsMicrosoft(h, id);
  });

  it("Suspend delivered after the Unsubscribe that followed it: ignored, the subscription stays Unsubscribed", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await h.sim.control("POST", "/faults/webhooks", { kind: "reorder", count: 2 });
    const suspend = await customerEvent(h, id, "suspend");
    const unsubscribe = await customerEvent(h, id, "expire-grace");
    await settledWebhooks(h.sim, { subscriptionId: id }, { count: 2 });
    expect((await settled(unsubscribe.id)).status).toBe("Applied");
    expect(await settled(suspend.id)).toMatchObject({ status: "Ignored", outcome: expect.stringMatching(/^Stale/) });
    expect((await getSubscription(id))?.status).toBe("Unsubscribed");
    await expectSameAsMicrosoft(h, id);
  });

  it("a later delivery of a subscription waits, queued, while an earlier one is being applied", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await dropNextWebhooks(2);
    const suspend = await customerEvent(h, id, "suspend");
    const unsubscribe = await customerEvent(h, id, "expire-grace");
    // The Suspend's Get Operation hangs past the portal's timeout, twice: its first attempt is Running for
    // ~4 s, then it waits Queued for the queue's retry.
    await injectFault(h.sim, { endpoint: "getOperation", kind: "hang", hangMs: 3_000, count: 2 });
    expect(await post(h, payloadOf(suspend), await webhookBearer(h))).toBe(200);
    await settled(suspend.id, { status: "Running" });
    expect(await post(h, payloadOf(unsubscribe), await webhookBearer(h))).toBe(200);
    const { id: laterId } = await inbox(unsubscribe.id);
    // The job is added by the dispatch that follows the 200, not by the answer's statement: wait for it.
    let [first] = await jobsOf(laterId);
    for (const until = Date.now() + 5_000; !first && Date.now() < until; [first] = await jobsOf(laterId))
      await new Promise((r) => setTimeout(r, 10));
    expect(first).toBeDefined();
    // Once a worker has taken the Unsubscribe's job and let it go, it waits: Queued, with a new job, not a failed one.
    const untouched = (jobs: Awaited<ReturnType<typeof jobsOf>>) =>
      jobs.some((j) => j.locked) || (jobs.length === 1 && jobs[0]!.id === first!.id && jobs[0]!.attempts === 0);
    const deadline = Date.now() + 5_000;
    let jobs = await jobsOf(laterId);
    while (untouched(jobs) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      jobs = await jobsOf(laterId);
    }
    expect(["Queued", "Running"]).toContain((await inbox(suspend.id)).status);
    expect(jobs.map((j) => [j.id === first!.id, j.attempts, j.last_error])).toEqual([[false, 0, null]]);
    expect((await inbox(unsubscribe.id)).status).toBe("Queued");

    const [earlier, later] = [await settled(suspend.id), await settled(unsubscribe.id)];
    expect(earlier).toMatchObject({ status: "Ignored", outcome: expect.stringMatching(/^Stale/) });
    expect(later.status).toBe("Applied");
    const suspendAttempts = (await listAttempts(earlier.id)).filter(byQueue);
    expect(suspendAttempts.map((a) => a.outcome)).toEqual([
      retriedIn3s(/Microsoft could not be reached .*\(getOperation: \w+\)\./),
      expect.stringMatching(/^Stale/),
    ]);
    // The Unsubscribe was applied once, after the Suspend was done with.
    const laterAttempts = (await listAttempts(later.id)).filter(byQueue);
    expect(laterAttempts).toHaveLength(1);
    expect(laterAttempts[0]!.at.getTime()).toBeGreaterThanOrEqual(suspendAttempts[1]!.at.getTime());
    expect((await getSubscription(id))?.status).toBe("Unsubscribed");
    await expectSameAsMicrosoft(h, id);
  });

  it("an event Microsoft's state does not show yet is retried by the queue until the later event explains it", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await dropNextWebhooks(2);
    const suspend = await customerEvent(h, id, "suspend");
    const reinstate = await customerEvent(h, id, "reinstate");
    await h.client.updateOperation(id, reinstate.id, "Success"); // accepted elsewhere: Microsoft now says Subscribed
    // Suspend first: Microsoft says Subscribed and no later operation is known, so it may be Microsoft's lag.
    expect(await post(h, payloadOf(suspend), await webhookBearer(h))).toBe(200);
    const { id: deliveryId } = await inbox(suspend.id);
    await attemptsUntil(deliveryId, (a) => a.some(byQueue));
    expect(await inbox(suspend.id)).toMatchObject({
      status: "Queued",
      outcome: retriedIn3s(/Microsoft's subscription does not show this Suspend yet/),
    });
    expect(await getSubscription(id)).toBeNull();
    // The Reinstate arrives and is applied; the queue's retry of the Suspend then recognises it as stale.
    expect(await post(h, payloadOf(reinstate), await webhookBearer(h))).toBe(200);
    expect((await settled(reinstate.id)).status).toBe("Applied");
    expect(await settled(suspend.id)).toMatchObject({ status: "Ignored", attempts: 1 });
    // Attempt 1 waited; the retry after the Reinstate (the next one, unless the machine is very slow) is stale.
    const [received, ...work] = await attemptRows(deliveryId);
    expect(received).toEqual(RECEIVED);
    expect(work[0]).toEqual(["queue", null, retriedIn3s(/Microsoft's subscription does not show this Suspend yet/)]);
    expect(work.at(-1)).toEqual([
      "queue",
      null,
      expect.stringMatching(/^Stale: the subscription has moved past this Suspend/),
    ]);
    expect(work.slice(1, -1)).toEqual(
      work.slice(1, -1).map(() => ["queue", null, expect.stringMatching(/does not show this Suspend yet/)]),
    );
    expect((await getSubscription(id))?.status).toBe("Subscribed");
    await expectSameAsMicrosoft(h, id);
  });
});

describe("failures", () => {
  it("Get Operation failing: answered 200, the worker's attempt fails and the queue's retry applies it", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await injectFault(h.sim, { endpoint: "getOperation", kind: "error", count: 2 }); // both of the portal's calls
    const op = await customerEvent(h, id, "suspend");
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id });
    expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
    const delivery = await settled(op.id);
    expect(delivery).toMatchObject({ status: "Applied", attempts: 1 });
    expect(await attemptRows(delivery.id)).toEqual([
      RECEIVED,
      ["queue", null, retriedIn3s(/Microsoft could not be reached .*\(getOperation: unavailable\)\./)],
      SUSPENDED,
    ]);
    await expectSameAsMicrosoft(h, id);
  });

  it("the database unreachable at receipt: 503, nothing stored, then applied on Microsoft's retry once it is back", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "suspend");
    const reachable = await databaseUnreachable();
    try {
      expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(503);
      expect((await simSub(id)).saasSubscriptionStatus).toBe("Suspended");
    } finally {
      await reachable();
    }
    expect(await getDeliveryByOperation(op.id)).toBeNull();
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    const delivery = await settled(op.id);
    expect(delivery).toMatchObject({ status: "Applied", attempts: 1 });
    expect(await attemptRows(delivery.id)).toEqual([RECEIVED, SUSPENDED]);
    await expectSameAsMicrosoft(h, id);
  });

  it("the database unreachable while the worker applies it: the job fails, and the queue's retry applies it once it is back", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "suspend");
    // Get Operation answers after 1.2 s: the database goes away while the worker waits for it, and is back
    // ~1.3 s after the attempt failed, before the queue's retry (~2.7 s after).
    await injectFault(h.sim, { endpoint: "getOperation", kind: "hang", hangMs: 1_200, count: 1 });
    const getOperations = await countCalls("getOperation");
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    const { id: deliveryId } = await settled(op.id, { status: "Running" });
    const reachable = await databaseUnreachable();
    try {
      // Once the slow Get Operation has answered, the attempt cannot store anything (nor its own failure).
      const deadline = Date.now() + 5_000;
      while ((await remainingFaults(h.sim, "getOperation")) > 1000 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 2_500));
    } finally {
      await reachable();
    }
    const delivery = await settled(op.id, { timeoutMs: 30_000 });
    expect(delivery).toMatchObject({ id: deliveryId, status: "Applied", attempts: 1 });
    // The failed attempt left no row (the database was down); the retry read Microsoft again.
    expect(await attemptRows(deliveryId)).toEqual([RECEIVED, SUSPENDED]);
    expect(await getOperations()).toBeGreaterThanOrEqual(1);
    await expectSameAsMicrosoft(h, id);
  });
});

describe("refused deliveries and re-runs", () => {
  it.each<[string, { quantity?: number; planId?: string; action?: string; subscriptionId?: string; id?: string }]>([
    ["another quantity", { quantity: 400 }],
    ["another plan", { planId: "enterprise" }],
    ["another action", { action: "ChangePlan" }],
    ["another subscription", { subscriptionId: "other" }],
    ["an operation Microsoft does not know", { id: "unknown" }],
  ])(
    "a payload naming %s than Microsoft's operation is refused, kept for review, nothing applied",
    async (_case, over) => {
      const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
      await dropNextWebhooks();
      const op = await customerEvent(h, id, "change-quantity", { quantity: 12 });
      const tampered = {
        ...over,
        ...(over.subscriptionId ? { subscriptionId: await subscribed(h, { planId: "basic" }) } : {}),
        ...(over.id ? { id: crypto.randomUUID() } : {}),
      };
      const patches = await countPatches();
      expect(await post(h, payloadOf(op, tampered), await webhookBearer(h))).toBe(200);
      const delivery = await settled(tampered.id ?? op.id);
      expect(delivery).toMatchObject({
        status: "Refused",
        outcome: expect.stringMatching(/^Refused: .*Nothing was applied; kept for review/),
      });
      expect((await listAttempts(delivery.id)).map((a) => a.source)).toEqual(["microsoft", "queue"]);
      expect(await patches()).toBe(0);
      expect(await getSubscription(id)).toBeNull();
      expect((await simSub(id)).quantity).toBe(10);
    },
  );

  it("an owner re-runs a delivery the queue gave up on: queued again, applied by the worker, logged as a re-run, audited", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await dropNextWebhooks();
    const op = await customerEvent(h, id, "suspend");
    // Microsoft unreachable for the first attempt and for the last one (both of the portal's calls each).
    await injectFault(h.sim, { endpoint: "getOperation", kind: "error", count: 4 });
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    const { id: deliveryId } = await inbox(op.id);
    await attemptsUntil(deliveryId, (a) => a.some(byQueue));
    // Instead of 10 retries over ~9.7 hours: the job, waiting for its retry, is made the last attempt, now.
    const deadline = Date.now() + 5_000;
    while (
      (await getDb().$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = 10, run_at = now()
        WHERE key = ${deliveryJobKey(deliveryId)} AND locked_at IS NULL AND attempts = 1`) !== 1
    ) {
      if (Date.now() > deadline) throw new Error("the delivery's job did not wait for a retry");
      await new Promise((r) => setTimeout(r, 25));
    }
    const failed = await settled(op.id, { status: "Failed" });
    expect(failed).toMatchObject({
      outcome: expect.stringMatching(
        /\(getOperation: unavailable\)\. The queue gave up after 11 attempts; an owner can re-run it/,
      ),
      attention: expect.stringMatching(/^Not applied after 11 attempts over \d+ min: Microsoft could not be reached/),
    });
    expect(await jobsOf(deliveryId)).toEqual([]);

    const owner = { id: "00000000-0000-4000-8000-0000000000aa", label: "Olivia Owens" };
    expect(await rerunDelivery(deliveryId, owner)).toEqual({ kind: "queued" });
    expect(await settled(op.id)).toMatchObject({ status: "Applied", attempts: 2 });
    expect(await attemptRows(deliveryId)).toEqual([
      RECEIVED,
      ["queue", null, retriedIn3s(/Microsoft could not be reached .*\(getOperation: unavailable\)\./)],
      ["queue", null, expect.stringMatching(/The queue gave up after 11 attempts/)],
      ["rerun", null, "Queued again by Olivia Owens (was Failed)."],
      SUSPENDED,
    ]);
    expect((await listAuditFor("delivery", deliveryId))[0]).toMatchObject({
      action: "webhook.rerun",
      actorType: "user",
      actorLabel: "Olivia Owens",
      before: { status: "Failed" },
    });
    await expectSameAsMicrosoft(h, id);
    // Applied deliveries are not re-run.
    expect(await rerunDelivery(deliveryId, owner)).toEqual({ kind: "not-rerunnable", status: "Applied" });
    expect(await rerunDelivery(crypto.randomUUID(), owner)).toEqual({ kind: "not-found" });
  });
});
