import { describe, expect, it } from "vitest";
import { ZSubscription } from "./generated/saas-v2-schemas";
import { toSubscriptionSnapshot } from "./snapshot";

const base = {
  id: "37f9dea2-4345-438f-b0bd-03d40d28c7e0",
  offerId: "offer1",
  planId: "silver",
  saasSubscriptionStatus: "PendingFulfillmentStart",
};

describe("subscription snapshot", () => {
  it("fills Microsoft's documented defaults and nulls for what is absent", () => {
    expect(toSubscriptionSnapshot(ZSubscription.parse(base))).toEqual({
      ...{ id: base.id, offerId: "offer1", planId: "silver", status: "PendingFulfillmentStart" },
      name: "",
      publisherId: null,
      quantity: null,
      beneficiary: { email: null, objectId: null, tenantId: null },
      purchaser: { email: null, objectId: null, tenantId: null },
      term: { startDate: null, endDate: null, termUnit: null, chargeDuration: null },
      autoRenew: true,
      isTest: false,
      isFreeTrial: false,
      sandboxType: "None",
      sessionMode: "None",
      allowedCustomerOperations: ["Read", "Update", "Delete"],
      purchasedAt: null,
    });
  });

  it("carries the parties, term and creation date", () => {
    const snap = toSubscriptionSnapshot(
      ZSubscription.parse({
        ...base,
        quantity: "7",
        purchaser: { emailId: "p@x.example", tenantId: "t" },
        term: { startDate: "2026-01-01T00:00:00", termUnit: "P1Y" },
        created: "2025-12-31T10:00:00Z",
      }),
    );
    expect(snap.quantity).toBe(7);
    expect(snap.purchaser).toEqual({ email: "p@x.example", objectId: null, tenantId: "t" });
    expect(snap.term.startDate?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(snap.term.termUnit).toBe("P1Y");
    expect(snap.purchasedAt?.toISOString()).toBe("2025-12-31T10:00:00.000Z");
  });

  it("refuses a status the portal does not know instead of storing a guess", () => {
    expect(() =>
      toSubscriptionSnapshot(ZSubscription.parse({ ...base, saasSubscriptionStatus: "Transferred" })),
    ).toThrow(/status the portal does not know/);
  });

  it("carries an undocumented status beside the caller's stand-in when asked not to stall on it", () => {
    const snap = toSubscriptionSnapshot(
      ZSubscription.parse({ ...base, saasSubscriptionStatus: " Transferred " }),
      "getSubscription",
      { statusIfUnknown: "NotStarted" },
    );
    expect(snap).toMatchObject({ status: "NotStarted", unknownStatus: "Transferred", planId: "silver" });
    // A documented status has no unknownStatus at all (the snapshot still equals the stored row's shape).
    expect(
      toSubscriptionSnapshot(ZSubscription.parse(base), "getSubscription", { statusIfUnknown: "NotStarted" }),
    ).not.toHaveProperty("unknownStatus");
  });
});
