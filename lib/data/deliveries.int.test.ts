import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { setPortalEnv } from "@/test/simulator";
import { getDeliveryByOperation, recordDelivery, setDeliveryOutcome } from "./deliveries";
import { listInbox } from "./webhook-inbox";
import { getSubscription, markActivated, saveBuyerDetails } from "./subscriptions";
import { syncSubscription } from "./subscription-store";

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
    expect(row).toMatchObject({
      operationId: input.operationId,
      action: "ChangePlan",
      status: "Received",
      attempts: 1,
    });
    expect((await getDeliveryByOperation(input.operationId))?.payload).toEqual(input.payload);
  });

  it("returns the delivery exactly as Prisma reads it, every column, whatever the process's time zone", async () => {
    // node-postgres alone reads timestamp columns as local time; the portal reads them as UTC, like Prisma.
    const restore = setPortalEnv({ TZ: "America/Los_Angeles" });
    try {
      const input = delivery();
      const first = await recordDelivery(input);
      expect(first.delivery).toEqual(await getDeliveryByOperation(input.operationId));
      const again = await recordDelivery(input);
      expect(again.delivery).toEqual(await getDeliveryByOperation(input.operationId));
      expect(Math.abs(again.delivery.receivedAt.getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      restore();
    }
  });

  it("counts a repeated delivery as an attempt, not a new row", async () => {
    const input = delivery();
    await recordDelivery(input);
    const second = await recordDelivery(input);
    expect(second.firstDelivery).toBe(false);
    expect(second.delivery.attempts).toBe(2);
  });

  it("returns the stored subscription exactly as Prisma reads it, every column (or null when unknown)", async () => {
    const input = subscriptionInput({
      status: "Subscribed",
      term: {
        startDate: new Date("2026-11-05T00:00:00Z"),
        endDate: new Date("2026-12-04T23:59:59.123Z"),
        termUnit: "P1M",
        chargeDuration: null,
      },
    });
    await syncSubscription(
      input,
      { actor: { type: "microsoft" }, action: "subscription.synced" },
      new Date("2026-11-20T10:00:00.456Z"),
    );
    await markActivated(input.id, null, new Date("2026-11-20T10:00:01.789Z"));
    await saveBuyerDetails(input.id, { company: "Contoso", seats: "12" });
    const { subscription } = await recordDelivery({ ...delivery(), subscriptionId: input.id });
    expect(subscription).toEqual(await getSubscription(input.id));
    expect((await recordDelivery(delivery())).subscription).toBeNull();
  });

  it("lets exactly one of five simultaneous deliveries be the first", async () => {
    const input = delivery();
    const results = await Promise.all(Array.from({ length: 5 }, () => recordDelivery(input)));
    expect(results.filter((r) => r.firstDelivery)).toHaveLength(1);
    expect((await getDeliveryByOperation(input.operationId))?.attempts).toBe(5);
  });

  it("keeps the outcome and lists by status", async () => {
    const { delivery: row } = await recordDelivery(delivery());
    await setDeliveryOutcome(
      row.id,
      "Failed",
      "Microsoft's Operations API did not answer; waiting for Microsoft's retry.",
    );
    const failed = await listInbox({ status: "Failed" });
    expect(failed.items.map((d) => d.id)).toContain(row.id);
    expect(failed.items.find((d) => d.id === row.id)?.outcome).toMatch(/retry/);
  });
});
