import { describe, expect, it } from "vitest";
import type { DueHour } from "@/lib/data/usage-hours";
import type { MeteringSubscription } from "@/lib/data/usage-ingest";
import { decideHours } from "./decide";
import { toMeteringPlan } from "./plans";

const plan = toMeteringPlan({
  offerId: "o",
  planId: "metered",
  prices: [{ termUnit: "P1M", meteredQuantityIncluded: [{ dimensionId: "calls", units: "100" }] }],
  meteringDimensions: [{ id: "calls" }, { id: "gb" }],
});
const termStart = new Date("2026-11-01T00:00:00Z");
const sub: MeteringSubscription = {
  id: "s1",
  offerId: "o",
  planId: "metered",
  status: "Subscribed",
  termUnit: "P1M",
  termStartDate: termStart,
  inactiveSince: null,
};
const now = new Date("2026-11-10T12:30:00Z");
const hour = (h: string, ingested: number, dimension = "calls"): DueHour => ({
  id: `${h}-${dimension}`,
  subscriptionId: "s1",
  dimension,
  hourStart: new Date(`2026-11-${h}:00:00Z`),
  ingested,
  retake: false,
  included: 0,
  overage: 0,
  planId: null,
  termStart: null,
  attempts: 0,
});
const ctx = { subscriptions: new Map([["s1", sub]]), plans: new Map([["o/metered", plan]]), now, dryRun: false };

describe("decideHours", () => {
  it("spends the included quantity hour after hour, then sends only the overage", () => {
    const d = decideHours([hour("10T11", 70), hour("10T10", 20), hour("10T09", 0.5, "gb")], [], ctx);
    expect(d.map((x) => [x.id, x.included, x.overage, x.next])).toEqual([
      ["10T09-gb", 0, 0.5, "send"],
      ["10T10-calls", 20, 0, "included"],
      ["10T11-calls", 70, 0, "included"],
    ]);
    const more = decideHours(
      [hour("10T12", 0)],
      [{ subscriptionId: "s1", dimension: "calls", termStart, included: 90 }],
      ctx,
    );
    expect(more[0]).toMatchObject({ included: 0, overage: 0, next: "included" });
    const over = decideHours(
      [hour("10T11", 25.5)],
      [{ subscriptionId: "s1", dimension: "calls", termStart, included: 90 }],
      ctx,
    );
    expect(over[0]).toMatchObject({ included: 10, overage: 15.5, next: "send", termStart });
  });

  it("starts afresh in a new term; usage dated before the term counts against the earlier bucket", () => {
    const used = [
      { subscriptionId: "s1", dimension: "calls", termStart: new Date("2026-10-01T00:00:00Z"), included: 100 },
    ];
    expect(decideHours([hour("10T11", 30)], used, ctx)[0]).toMatchObject({ included: 30, overage: 0 });
    const early = { ...hour("10T11", 30), hourStart: new Date("2026-10-31T23:00:00Z") };
    expect(decideHours([early], [], ctx)[0]).toMatchObject({ termStart: null, included: 30 });
  });

  it("flags an hour whose 24 hours passed, marks dry runs, and leaves an hour without its plan for later", () => {
    expect(decideHours([hour("09T12", 150)], [], ctx)[0]).toMatchObject({ overage: 50, next: "expired" });
    expect(decideHours([hour("09T13", 150)], [], { ...ctx, dryRun: true })[0]).toMatchObject({ next: "dry-run" });
    expect(decideHours([hour("10T11", 150)], [], { ...ctx, plans: new Map() })).toEqual([]);
  });
});
