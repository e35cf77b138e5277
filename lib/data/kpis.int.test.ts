import { beforeAll, describe, expect, it } from "vitest";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { getDb } from "@/lib/db";
import { getOverview } from "./kpis";
import { upsertPlans, type PlanInput } from "./plans";
import { syncSubscription } from "./subscription-store";
import { type SubscriptionState } from "@/lib/domain/subscription";

/**
 * A hand-built population whose figures can be worked out on paper (the expected values below are that
 * arithmetic). "Now" is fixed; every date is relative to it.
 */
const NOW = new Date("2026-11-20T12:00:00Z");
const H = 3_600_000;
const D = 24 * H;
const at = (iso: string) => new Date(iso);
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function plan(offerId: string, planId: string, isPricePerSeat: boolean, prices: unknown[]): PlanInput {
  return {
    offerId,
    planId,
    displayName: `${offerId} ${planId}`,
    description: null,
    isPrivate: false,
    isPricePerSeat,
    hasFreeTrials: false,
    isStopSell: false,
    minQuantity: null,
    maxQuantity: null,
    market: "US",
    prices: prices as PlanInput["prices"],
    meteringDimensions: [],
  };
}

async function add(overrides: Partial<SubscriptionState>, activatedAfterSeconds?: number) {
  const input = subscriptionInput({
    offerId: "cloud",
    planId: "basic",
    quantity: null,
    status: "Subscribed",
    ...overrides,
  });
  await syncSubscription(input, { actor: { type: "microsoft" }, action: "test" });
  if (activatedAfterSeconds !== undefined && input.purchasedAt) {
    await getDb().subscription.update({
      where: { id: input.id },
      data: { activatedAt: new Date(input.purchasedAt.getTime() + activatedAfterSeconds * 1000) },
    });
  }
}

const term = (termUnit: string) => ({ startDate: null, endDate: null, termUnit, chargeDuration: null });

beforeAll(async () => {
  await upsertPlans([
    plan("cloud", "basic", false, [{ currency: "USD", price: 49, termUnit: "P1M" }]),
    plan("cloud", "seats", true, [
      { currency: "USD", price: 12, termUnit: "P1M" },
      { currency: "USD", price: 120, termUnit: "P1Y" },
    ]),
    // Same plan id in another offer, priced in another currency: never mixed with cloud/basic.
    plan("analytics", "basic", false, [{ currency: "EUR", price: 79, termUnit: "P1M" }]),
  ]);
  const old = at("2026-01-01T00:00:00Z");
  await add({ purchasedAt: at("2026-11-20T09:00:00Z"), term: term("P1M") }, 600); // 1
  await add({ purchasedAt: at("2026-11-19T10:00:00Z"), term: term("P1M") }, 1_800); // 2
  await add({ planId: "seats", quantity: 10, purchasedAt: at("2026-11-01T00:00:00Z"), term: term("P1Y") }, 3_600); // 3
  await add({ planId: "seats", quantity: 5, purchasedAt: at("2026-10-25T00:00:00Z"), term: term("P1M") }, 7_200); // 4
  await add({ offerId: "analytics", purchasedAt: at("2026-09-01T00:00:00Z"), term: term("P1M") }, 86_400); // 5: outside 30 days, inside 90
  await add({ status: "PendingFulfillmentStart", purchasedAt: ago(30 * 60_000) }); // 6: under 1 hour
  await add({ status: "PendingFulfillmentStart", planId: "seats", quantity: 5, purchasedAt: ago(2 * D) }); // 7: 1–3 days
  await add({ status: "PendingFulfillmentStart", purchasedAt: ago(40 * D) }); // 8: over 30 days
  await add({ status: "Suspended", purchasedAt: at("2026-06-01T00:00:00Z"), term: term("P1M") }, 300); // 9: activated, but > 90 days ago
  await add({ status: "Unsubscribed", purchasedAt: at("2026-03-01T00:00:00Z") }); // 10
  await add({ isTest: true, purchasedAt: at("2026-11-20T08:00:00Z"), term: term("P1M") }, 100); // 11: test
  await add({
    sessionMode: "DryRun",
    planId: "seats",
    quantity: 100,
    purchasedAt: at("2026-11-20T07:00:00Z"),
    term: term("P1M"),
  }); // 12: test
  await add({ isFreeTrial: true, purchasedAt: old, term: term("P1M") }); // 13: trial, no revenue
  await add({ planId: "unknown", purchasedAt: old, term: term("P1M") }); // 14: no stored plan
  await add({ planId: "seats", quantity: 20, purchasedAt: old, term: term("P3Y") }); // 15: no P3Y price
});

describe("getOverview", () => {
  it("counts by status, without test purchases by default", async () => {
    const o = await getOverview({ includeTest: false, now: NOW });
    expect(o.byStatus).toEqual([
      { status: "PendingFulfillmentStart", count: 3 },
      { status: "Subscribed", count: 8 },
      { status: "Suspended", count: 1 },
      { status: "Unsubscribed", count: 1 },
    ]);
    expect(o.total).toBe(13);
    const withTests = await getOverview({ includeTest: true, now: NOW });
    expect(withTests.byStatus.find((s) => s.status === "Subscribed")?.count).toBe(10);
    expect(withTests.total).toBe(15);
  });

  it("counts purchases per UTC day over the last 30 days, days without any included", async () => {
    const o = await getOverview({ includeTest: false, now: NOW });
    expect(o.purchasesPerDay).toHaveLength(30);
    expect(o.purchasesPerDay[0]?.day).toBe("2026-10-22");
    expect(o.purchasesPerDay[29]?.day).toBe("2026-11-20");
    const nonZero = Object.fromEntries(o.purchasesPerDay.filter((d) => d.count).map((d) => [d.day, d.count]));
    expect(nonZero).toEqual({ "2026-10-25": 1, "2026-11-01": 1, "2026-11-18": 1, "2026-11-19": 1, "2026-11-20": 2 });
    const withTests = await getOverview({ includeTest: true, now: NOW });
    expect(withTests.purchasesPerDay[29]?.count).toBe(4);
  });

  it("gives the median and 90th percentile from purchase to activation (last 90 days)", async () => {
    // 600, 1 800, 3 600, 7 200, 86 400 s: median 3 600; p90 at rank 3.6 = 7 200 + 0.6 × 79 200.
    expect((await getOverview({ includeTest: false, now: NOW })).activation).toEqual({
      count: 5,
      medianSeconds: 3_600,
      p90Seconds: expect.closeTo(54_720, 6),
    });
    // With the test purchase's 100 s: median (1 800 + 3 600) / 2; p90 at rank 4.5 = 7 200 + 0.5 × 79 200.
    expect((await getOverview({ includeTest: true, now: NOW })).activation).toEqual({
      count: 6,
      medianSeconds: 2_700,
      p90Seconds: expect.closeTo(46_800, 6),
    });
  });

  it("buckets purchases still pending by age", async () => {
    const { pending } = await getOverview({ includeTest: false, now: NOW });
    expect(pending.total).toBe(3);
    expect(pending.oldestSeconds).toBe(40 * 86_400);
    expect(pending.buckets.map((b) => b.count)).toEqual([1, 0, 1, 0, 0, 1]);
  });

  it("estimates monthly revenue per plan and currency from the stored prices", async () => {
    const { revenue } = await getOverview({ includeTest: false, now: NOW });
    // cloud/basic 2 × 49; cloud/seats 120 / 12 × 10 + 12 × 5; analytics/basic 79 EUR.
    expect(revenue.totals).toEqual([
      { currency: "EUR", amount: 79 },
      { currency: "USD", amount: 258 },
    ]);
    expect(revenue.byPlan.find((p) => p.offerId === "cloud" && p.planId === "seats")).toMatchObject({
      subscriptions: 3,
      seats: 35,
      monthly: [{ currency: "USD", amount: 160 }],
    });
    expect(revenue.byPlan.find((p) => p.offerId === "analytics" && p.planId === "basic")?.monthly).toEqual([
      { currency: "EUR", amount: 79 },
    ]);
    expect(revenue.freeTrials).toBe(1);
    expect(revenue.seats).toBe(35);
    expect(revenue.unpriced).toEqual(
      expect.arrayContaining([
        { offerId: "cloud", planId: "unknown", termUnit: "P1M", subscriptions: 1 },
        { offerId: "cloud", planId: "seats", termUnit: "P3Y", subscriptions: 1 },
      ]),
    );
    expect(revenue.unpriced).toHaveLength(2);
    const withTests = await getOverview({ includeTest: true, now: NOW });
    // + the test's 49 and the DryRun's 100 seats × 12.
    expect(withTests.revenue.totals).toEqual([
      { currency: "EUR", amount: 79 },
      { currency: "USD", amount: 1_507 },
    ]);
    expect(withTests.revenue.seats).toBe(135);
  });
});
