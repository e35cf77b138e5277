import { describe, expect, it } from "vitest";
import { estimateRevenue, termMonths, type StoredPlan, type SubscriptionGroup } from "./kpis-revenue";

const group = (g: Partial<SubscriptionGroup>): SubscriptionGroup => ({
  offerId: "o",
  planId: "p",
  termUnit: "P1M",
  isFreeTrial: false,
  subscriptions: 1,
  seats: 0,
  ...g,
});
const plan = (p: Partial<StoredPlan>): StoredPlan => ({
  offerId: "o",
  planId: "p",
  displayName: "P",
  isPricePerSeat: false,
  prices: [],
  ...p,
});

describe("termMonths", () => {
  it("reads Microsoft's ISO 8601 terms", () => {
    expect([
      termMonths("P1M"),
      termMonths("P1Y"),
      termMonths("P2Y"),
      termMonths("P3Y"),
      termMonths("P5Y"),
      termMonths("p1y"),
    ]).toEqual([1, 12, 24, 36, 60, 12]);
    expect([termMonths("P1W"), termMonths("P0M"), termMonths("monthly")]).toEqual([null, null, null]);
  });
});

describe("estimateRevenue", () => {
  it("spreads a multi-year term over its months and multiplies per-seat prices by the seats", () => {
    const r = estimateRevenue(
      [group({ termUnit: "P3Y", subscriptions: 2, seats: 30 })],
      [plan({ isPricePerSeat: true, prices: [{ currency: "USD", price: 720, termUnit: "P3Y" }] })],
    );
    expect(r.totals).toEqual([{ currency: "USD", amount: 600 }]);
  });

  it("prices a subscription without a term only when its plan has a single price", () => {
    const one = plan({ prices: [{ currency: "USD", price: 10, termUnit: "P1M" }] });
    expect(estimateRevenue([group({ termUnit: null })], [one]).totals).toEqual([{ currency: "USD", amount: 10 }]);
    const two = plan({
      prices: [
        { currency: "USD", price: 10, termUnit: "P1M" },
        { currency: "USD", price: 100, termUnit: "P1Y" },
      ],
    });
    expect(estimateRevenue([group({ termUnit: null })], [two]).unpriced).toHaveLength(1);
  });

  it("skips malformed price entries from Microsoft instead of failing", () => {
    const r = estimateRevenue(
      [group({})],
      [
        plan({
          prices: [
            { currency: "USD", price: "abc", termUnit: "P1M" },
            null,
            { currency: "USD", price: "5", termUnit: "P1M" },
          ],
        }),
      ],
    );
    expect(r.totals).toEqual([{ currency: "USD", amount: 5 }]);
    expect(estimateRevenue([group({})], [plan({ prices: { not: "an array" } })]).unpriced).toHaveLength(1);
  });

  it("keeps currencies apart", () => {
    const r = estimateRevenue(
      [group({ offerId: "a" }), group({ offerId: "b" })],
      [
        plan({ offerId: "a", prices: [{ currency: "USD", price: 1, termUnit: "P1M" }] }),
        plan({ offerId: "b", prices: [{ currency: "EUR", price: 2, termUnit: "P1M" }] }),
      ],
    );
    expect(r.totals).toEqual([
      { currency: "EUR", amount: 2 },
      { currency: "USD", amount: 1 },
    ]);
  });
});
