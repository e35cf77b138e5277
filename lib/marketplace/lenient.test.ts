import { describe, expect, it } from "vitest";
import { ZSaaSOperation, ZSubscription } from "./generated/saas-v2-schemas";

// Microsoft's samples put "" (or a word) where an object or a list belongs. An optional part that cannot be
// read is dropped; only a required field makes an answer unusable (a webhook that cannot read Get Subscription
// would fail for the 8 hours of Microsoft's retries).

const sub = {
  id: "37f9dea2-4345-438f-b0bd-03d40d28c7e0",
  offerId: "offer1",
  planId: "silver",
  saasSubscriptionStatus: "Subscribed",
};

describe("optional parts of the wrong shape", () => {
  it("are dropped, not fatal: an empty string or a word for an object, a string for a list", () => {
    const parsed = ZSubscription.safeParse({
      ...sub,
      term: "",
      beneficiary: "n/a",
      purchaser: 42,
      allowedCustomerOperations: "Read",
      created: {},
    });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({ id: sub.id, planId: "silver", saasSubscriptionStatus: "Subscribed" });
    expect(parsed.data?.term).toBeUndefined();
    expect(parsed.data?.beneficiary).toBeUndefined();
    expect(parsed.data?.purchaser).toBeUndefined();
    expect(parsed.data?.allowedCustomerOperations).toBeUndefined();
    expect(parsed.data?.created).toBeUndefined();
  });

  it("keep what they can read inside a readable object", () => {
    const parsed = ZSubscription.parse({
      ...sub,
      term: { startDate: "2026-01-01T00:00:00", endDate: [], termUnit: 7 },
    });
    expect(parsed.term?.startDate?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(parsed.term?.endDate).toBeUndefined();
  });

  it("do not excuse a missing required field", () => {
    expect(ZSubscription.safeParse({ ...sub, planId: "" }).success).toBe(false);
    expect(ZSaaSOperation.safeParse({ id: "a", subscriptionId: "b", action: "ChangePlan" }).success).toBe(false);
  });
});
