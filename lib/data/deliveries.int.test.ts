import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDeliveryByOperation, listDeliveries, recordDelivery, setDeliveryOutcome } from "./deliveries";

const delivery = (operationId = randomUUID()) => ({
  operationId,
  subscriptionId: randomUUID(),
  action: "ChangePlan",
  payload: { id: operationId, action: "ChangePlan", planId: "enterprise", unknownField: { kept: true } },
});

describe("recordDelivery", () => {
  it("inserts the first delivery of an operation with its payload intact", async () => {
    const input = delivery();
    const { delivery: row, firstDelivery } = await recordDelivery(input);
    expect(firstDelivery).toBe(true);
    expect(row).toMatchObject({ operationId: input.operationId, action: "ChangePlan", status: "Received", attempts: 1 });
    expect((await getDeliveryByOperation(input.operationId))?.payload).toEqual(input.payload);
  });

  it("counts a repeated delivery as an attempt, not a new row", async () => {
    const input = delivery();
    await recordDelivery(input);
    const second = await recordDelivery(input);
    expect(second.firstDelivery).toBe(false);
    expect(second.delivery.attempts).toBe(2);
  });

  it("lets exactly one of five simultaneous deliveries be the first", async () => {
    const input = delivery();
    const results = await Promise.all(Array.from({ length: 5 }, () => recordDelivery(input)));
    expect(results.filter((r) => r.firstDelivery)).toHaveLength(1);
    expect((await getDeliveryByOperation(input.operationId))?.attempts).toBe(5);
  });

  it("keeps the outcome and lists by status", async () => {
    const { delivery: row } = await recordDelivery(delivery());
    await setDeliveryOutcome(row.id, "Failed", "Microsoft's Operations API did not answer; waiting for Microsoft's retry.");
    const failed = await listDeliveries({ status: "Failed" });
    expect(failed.items.map((d) => d.id)).toContain(row.id);
    expect(failed.items.find((d) => d.id === row.id)?.outcome).toMatch(/retry/);
  });
});
