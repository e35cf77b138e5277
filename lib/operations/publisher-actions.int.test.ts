import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { ExpectedError } from "@/lib/auth/guard";
import { listAuditFor } from "@/lib/data/events";
import { getOperationRecord } from "@/lib/data/operations";
import { getSubscription } from "@/lib/data/subscriptions";
import { upsertSignedInUser } from "@/lib/data/users";
import { resetEnvCache } from "@/lib/env";
import type { MarketplaceClient } from "@/lib/marketplace";
import { purchase, simulatorClient } from "@/test/marketplace-support";
import { setPortalEnv, startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { startJobRunner, type JobRunner } from "@/lib/data/job-queue";
import { getDb } from "@/lib/db";
import { taskList } from "@/lib/jobs/start";
import { requestCancellation, requestPlanChange, requestSeatChange, type ChangeOptions } from "./publisher-actions";
import { enqueueFollow, followOperationTask } from "./tasks";

// An operator's plan change, seat change and cancellation against a real simulator (Microsoft) whose answer
// to the PATCH or DELETE goes missing after the request reached it. The portal must send the change exactly
// once, find Microsoft's operation instead of sending it again, follow it to its end, and tell the operator
// the truth: never "Microsoft refused" for its own change, never "nothing was changed" when that is unknown.

let sim: SimulatorProcess;
let client: MarketplaceClient;
let user: CurrentUser;
let restoreEnv: () => void;
let runner: JobRunner | undefined;

beforeAll(async () => {
  // Microsoft's operations take seconds and show in the list of outstanding operations only after a while.
  sim = await startSimulatorProcess({
    env: { SIM_OPERATION_DELAY_MS: "3000", SIM_OPERATIONS_LIST_DELAY_MS: "400", SIM_ACK_WINDOW_MS: "20000" },
  });
  restoreEnv = setPortalEnv({
    ENTRA_AUTHORITY_HOST: sim.httpsUrl,
    MARKETPLACE_API_URL: sim.apiUrl,
    MARKETPLACE_TIMEOUT_MS: "1000",
    MARKETPLACE_MAX_ATTEMPTS: "4",
    ...(inject("postgresUrl") ? {} : { DB_POOL_MAX: "1" }),
  });
  resetEnvCache();
  ({ client } = simulatorClient(sim));
  const stored = await upsertSignedInUser({
    tenantId: "c0ffee00-0000-4000-8000-000000000001",
    objectId: "0ce0a7a0-0000-4000-8000-000000000001",
    email: "oscar@fabrikam.example",
    name: "Oscar Ortiz",
  });
  user = {
    id: stored.id,
    oid: stored.objectId,
    tid: stored.tenantId,
    email: stored.email,
    name: stored.name,
    preferredUsername: null,
    roles: ["operator"],
  };
  runner = await startJobRunner({ tasks: taskList([followOperationTask]), cron: [], concurrency: 2 });
});
afterAll(async () => {
  await runner?.stop();
  await sim?.stop();
  restoreEnv?.();
  resetEnvCache();
});
afterEach(async () => {
  await sim.control("DELETE", "/faults");
  await sim.control("POST", "/timings", { operationDelayMs: 3_000, operationsListDelayMs: 400 });
});

/** The operation is followed by its job, as in production (a job runner runs here); the test waits for it. */
function backgroundTasks(): ChangeOptions & { settled(): Promise<void> } {
  const followJobs = async () =>
    (
      await getDb().$queryRaw<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'operations.follow'`
    )[0]!.n;
  return {
    recovery: { intervalMs: 250, timeoutMs: 8_000 },
    settled: async () => {
      const deadline = Date.now() + 30_000;
      while ((await followJobs()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    },
  };
}

async function subscribed(planId: string, quantity?: number): Promise<string> {
  const id = (await purchase(sim, { planId, ...(quantity !== undefined ? { quantity } : {}) })).subscriptionId;
  await client.activate(id, { planId, ...(quantity !== undefined ? { quantity } : {}) });
  await sim.control("DELETE", "/calls");
  return id;
}

const fault = async (body: Record<string, unknown>) =>
  expect((await sim.control("POST", "/faults", body)).status).toBe(201);
const sentToMicrosoft = async (id: string) => {
  const counts =
    (await sim.control<{ bySubscription: Record<string, Record<string, number>> }>("GET", "/calls")).body
      .bySubscription[id] ?? {};
  return { patch: counts.patch ?? 0, delete: counts.delete ?? 0 };
};
const requested = async (id: string) =>
  (await listAuditFor("subscription", id))
    .filter((a) => a.action === "operation.requested")
    .map((a) => a.after as Record<string, unknown>);
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (e: unknown) => e as Error,
  );

describe("a change whose answer is lost after it reached Microsoft", () => {
  it("PATCH (seats) hanging past the attempt timeout after Microsoft made the change: sent once, its operation found and followed to Succeeded", async () => {
    const id = await subscribed("pro-seats", 10);
    await fault({ endpoint: "patch", kind: "hang-after", hangMs: 6_000 });
    const run = backgroundTasks();
    const outcome = await requestSeatChange(id, 20, user, run);

    expect(outcome.kind).toBe("following");
    if (outcome.kind !== "following") return;
    expect(outcome.notice).toMatch(/did not answer in time.*found Microsoft's operation/);
    expect(outcome.operation).toMatchObject({
      subscriptionId: id,
      action: "ChangeQuantity",
      targetQuantity: 20,
      status: "InProgress",
    });
    await run.settled();
    expect(await getOperationRecord(outcome.operation.id)).toMatchObject({
      status: "Succeeded",
      completedAt: expect.any(Date) as Date,
    });
    expect((await getSubscription(id))?.quantity).toBe(20);
    expect(await sentToMicrosoft(id)).toEqual({ patch: 1, delete: 0 });
    expect(await requested(id)).toEqual([
      expect.objectContaining({ operationId: outcome.operation.id, outcome: "recovered", targetQuantity: 20 }),
    ]);
  });

  it("DELETE hanging past the attempt timeout before Microsoft processes it: sent once, found once listed, followed to Succeeded", async () => {
    const id = await subscribed("basic");
    await fault({ endpoint: "delete", kind: "hang", hangMs: 2_500 });
    const run = backgroundTasks();
    const outcome = await requestCancellation(id, user, run);

    expect(outcome.kind).toBe("following");
    if (outcome.kind !== "following") return;
    expect(outcome.operation.action).toBe("Unsubscribe");
    await run.settled();
    expect((await getOperationRecord(outcome.operation.id))?.status).toBe("Succeeded");
    expect((await getSubscription(id))?.status).toBe("Unsubscribed");
    expect(await sentToMicrosoft(id)).toEqual({ patch: 0, delete: 1 });
  });

  it("PATCH (plan) answered 500 after Microsoft made a change that already finished: shown as made, from Microsoft's subscription", async () => {
    const id = await subscribed("basic");
    await sim.control("POST", "/timings", { operationDelayMs: 50, operationsListDelayMs: 2_000 });
    await fault({ endpoint: "patch", kind: "error-after" });
    const outcome = await requestPlanChange(id, "metered", user, backgroundTasks());

    expect(outcome).toEqual({
      kind: "applied",
      action: "ChangePlan",
      notice: expect.stringMatching(/failed \(HTTP 500\).*already shows the change/) as string,
    });
    expect((await getSubscription(id))?.planId).toBe("metered");
    expect(await sentToMicrosoft(id)).toEqual({ patch: 1, delete: 0 });
    expect(await requested(id)).toEqual([
      expect.objectContaining({ operationId: null, outcome: "applied", targetPlanId: "metered" }),
    ]);
  });

  it("a 500 to a PATCH Microsoft never acted on: the operator is told the outcome is unknown, not that nothing changed", async () => {
    const id = await subscribed("pro-seats", 10);
    await fault({ endpoint: "patch", kind: "error" });
    const error = await failureOf(
      requestSeatChange(id, 12, user, { ...backgroundTasks(), recovery: { intervalMs: 200, timeoutMs: 1_500 } }),
    );

    expect(error).toBeInstanceOf(ExpectedError);
    expect(error.message).toMatch(
      /could not find out whether Microsoft made it.*webhook arrives or after the next reconciliation/,
    );
    expect(error.message).not.toMatch(/Nothing was changed|refused/);
    expect(await sentToMicrosoft(id)).toEqual({ patch: 1, delete: 0 });
    expect(await requested(id)).toEqual([expect.objectContaining({ outcome: "unknown", targetQuantity: 12 })]);
  });
});

describe("a change refused because another operation runs at Microsoft", () => {
  it("PATCH answered 400 locked, DELETE answered 409: the operator is told another operation is pending", async () => {
    const id = await subscribed("pro-seats", 10);
    // The customer changes seats at Microsoft; the change waits for the publisher's answer meanwhile.
    expect((await sim.control("POST", `/subscriptions/${id}/change-quantity`, { quantity: 15 })).status).toBe(200);
    const patch = await failureOf(requestSeatChange(id, 40, user, backgroundTasks()));
    expect(patch.message).toMatch(/another operation on this subscription is still in progress at Microsoft/);
    const del = await failureOf(requestCancellation(id, user, backgroundTasks()));
    expect(del.message).toMatch(/another operation on this subscription is still in progress at Microsoft/);
    expect(await sentToMicrosoft(id)).toEqual({ patch: 1, delete: 1 });
  });
});

describe("the database away right after Microsoft accepted a change", () => {
  // What a PostgreSQL restart looks like to node-postgres in the middle of the bookkeeping.
  const dropped = () => new Error("Connection terminated unexpectedly");

  it("waits for it, records the change once and follows it: the operator never sees 'try again'", async () => {
    const id = await subscribed("pro-seats", 10);
    let calls = 0;
    const run = backgroundTasks();
    const outcome = await requestSeatChange(id, 14, user, {
      ...run,
      background: async (operationId) => {
        if (++calls <= 2) throw dropped();
        await enqueueFollow(operationId);
      },
    });
    expect(outcome.kind).toBe("following");
    expect(calls).toBe(3);
    expect(await sentToMicrosoft(id)).toEqual({ patch: 1, delete: 0 });
    expect(await requested(id)).toHaveLength(1); // the audit entry once, although the bookkeeping ran three times
    await run.settled();
    expect((await getSubscription(id))?.quantity).toBe(14);
  });

  it("says the change was made and must not be requested again when the database stays away", async () => {
    const id = await subscribed("pro-seats", 10);
    const failure = await failureOf(
      requestSeatChange(id, 16, user, {
        ...backgroundTasks(),
        background: async () => {
          throw dropped();
        },
      }),
    );
    expect(failure).toBeInstanceOf(ExpectedError);
    expect(failure.message).toMatch(
      /^Microsoft accepted the change \(operation [0-9a-f-]{36}\).*Do not request it again/,
    );
    expect(await sentToMicrosoft(id)).toEqual({ patch: 1, delete: 0 });
  }, 20_000);
});
