import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDeliveryByOperation, listAttempts, setDeliveryOutcome } from "@/lib/data/deliveries";
import { receiveDeliveries, type ReceiptInput } from "@/lib/data/webhook-receipts";
import { disconnectDb, getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { metrics } from "@/lib/metrics/registry";
import { setPortalEnv } from "@/test/simulator";
import { receiveInBatch } from "./receipts";

// Group commit of the webhook's receipts: answers that arrive together share one statement, and each still
// learns exactly what happened to its own delivery.

const input = (over: Partial<ReceiptInput> = {}): ReceiptInput => {
  const operationId = over.operationId ?? randomUUID();
  return {
    operationId,
    subscriptionId: randomUUID(),
    action: "Suspend",
    payload: { id: operationId, action: "Suspend", extra: { kept: [1, "ü"] } },
    priority: 0,
    durationMs: 2,
    requestId: `req-${operationId.slice(0, 8)}`,
    traceparent: null,
    ...over,
  };
};

const dispatchPriority = async (deliveryId: string) =>
  (
    await getDb().$queryRaw<{ priority: number }[]>`SELECT "priority" FROM "DeliveryDispatch"
      WHERE "deliveryId" = ${deliveryId}::uuid`
  ).map((r) => r.priority);

const batchSizes = async () => {
  const { values } = await metrics().webhookReceiptBatch.get();
  const of = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
  return {
    statements: of("portal_webhook_receipt_batch_size_count"),
    receipts: of("portal_webhook_receipt_batch_size_sum"),
  };
};

describe("receiveDeliveries (one statement for many)", () => {
  it("answers each receipt in the order given: first deliveries, a repeat, and a repeat of a given-up one", async () => {
    const [seen, givenUp] = [input(), input()];
    const [before] = await receiveDeliveries([seen]);
    const [failed] = await receiveDeliveries([givenUp]);
    // Dispatched long ago (its request for a job is gone), then given up on by the queue.
    await getDb().$executeRaw`DELETE FROM "DeliveryDispatch" WHERE "deliveryId" = ${failed!.delivery.id}::uuid`;
    await setDeliveryOutcome(failed!.delivery.id, "Failed", "Not applied after 11 attempts: Microsoft hung.");
    const fresh = input({ priority: -10 });
    const receipts = await receiveDeliveries([fresh, { ...seen, requestId: "again" }, givenUp]);

    expect(receipts.map((r) => r.delivery.operationId)).toEqual([fresh, seen, givenUp].map((i) => i.operationId));
    expect(receipts[0]).toMatchObject({ firstDelivery: true, priorStatus: null, queued: true });
    expect(receipts[1]).toMatchObject({ firstDelivery: false, priorStatus: "Queued", queued: false });
    expect(receipts[1]!.delivery).toMatchObject({ id: before!.delivery.id, attempts: 2 });
    expect(receipts[2]).toMatchObject({ firstDelivery: false, priorStatus: "Failed", queued: true });
    expect(receipts[2]!.delivery.status).toBe("Queued");

    expect(await dispatchPriority(receipts[0]!.delivery.id)).toEqual([-10]);
    expect((await getDeliveryByOperation(fresh.operationId))?.payload).toEqual(fresh.payload);
    expect((await listAttempts(before!.delivery.id)).map((a) => [a.outcome, a.requestId])).toEqual([
      ["Received and queued.", seen.requestId],
      ["Repeat delivery (Queued): acknowledged, not queued again.", "again"],
    ]);
  });

  it("refuses an operation id twice in one statement rather than guess", async () => {
    const one = input();
    await expect(receiveDeliveries([one, { ...one }])).rejects.toThrow(/appears twice/);
    expect(await getDeliveryByOperation(one.operationId)).toBeNull();
  });
});

describe("receiveInBatch (group commit)", () => {
  it("writes a burst in fewer statements than receipts; repeats of one operation count once as first", async () => {
    const before = await batchSizes();
    const distinct = Array.from({ length: 30 }, () => input());
    const repeated = input();
    const burst = [...distinct, repeated, { ...repeated }, { ...repeated }];
    const receipts = await Promise.all(burst.map((i) => receiveInBatch(i)));

    expect(receipts.map((r) => r.delivery.operationId)).toEqual(burst.map((i) => i.operationId));
    expect(receipts.slice(0, 30).every((r) => r.firstDelivery && r.queued)).toBe(true);
    expect(receipts.slice(30).filter((r) => r.firstDelivery)).toHaveLength(1);
    expect((await getDeliveryByOperation(repeated.operationId))?.attempts).toBe(3);
    const after = await batchSizes();
    expect(after.receipts - before.receipts).toBe(burst.length);
    // The first statement starts alone; the rest arrive while it runs. The three repeats need three statements.
    expect(after.statements - before.statements).toBeGreaterThanOrEqual(3);
    expect(after.statements - before.statements).toBeLessThan(burst.length / 3);
  });

  it("fails only the answer whose delivery PostgreSQL cannot store; the others in its batch are stored", async () => {
    // jsonb refuses the NUL character (SQLSTATE 22P05): the batch is retried receipt by receipt.
    const bad = input({ payload: { id: "x", note: "nul \u0000 here" } });
    const good = [input(), input(), input()];
    const results = await Promise.allSettled([input(), ...good, bad].map((i) => receiveInBatch(i)));
    expect(results.at(-1)).toMatchObject({ status: "rejected" });
    expect(results.slice(0, -1).every((r) => r.status === "fulfilled")).toBe(true);
    for (const g of good) expect(await getDeliveryByOperation(g.operationId)).not.toBeNull();
    expect(await getDeliveryByOperation(bad.operationId)).toBeNull();
  });
  it("fails every waiting answer at once when the database is unreachable, and writes again once it is back", async () => {
    await disconnectDb();
    const restore = setPortalEnv({ DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:9/postgres" }); // closed port
    resetEnvCache();
    const down = Array.from({ length: 12 }, () => input());
    let results: PromiseSettledResult<unknown>[];
    try {
      results = await Promise.allSettled(down.map((i) => receiveInBatch(i)));
    } finally {
      await disconnectDb();
      restore();
      resetEnvCache();
    }
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    for (const d of down) expect(await getDeliveryByOperation(d.operationId)).toBeNull();
    const back = await Promise.all([input(), input()].map((i) => receiveInBatch(i)));
    expect(back.every((r) => r.firstDelivery)).toBe(true);
  });
});
