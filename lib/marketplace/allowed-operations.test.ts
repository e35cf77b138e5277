import { describe, expect, it } from "vitest";
import { ZSubscription } from "./generated/saas-v2-schemas";
import { toSubscriptionSnapshot } from "./snapshot";

// allowedCustomerOperations (reference §4): CSP purchases carry ["Read"], every other purchase all three;
// a subscription without the field is not restricted.
const base = {
  id: "37f9dea2-4345-438f-b0bd-03d40d28c7e0",
  offerId: "offer1",
  planId: "silver",
  saasSubscriptionStatus: "Subscribed",
};
const allowed = (extra: Record<string, unknown>) =>
  toSubscriptionSnapshot(ZSubscription.parse({ ...base, ...extra })).allowedCustomerOperations;

describe("allowedCustomerOperations", () => {
  it("absent or null means full rights (Read, Update, Delete), not a CSP purchase's Read only", () => {
    expect(allowed({})).toEqual(["Read", "Update", "Delete"]);
    expect(allowed({ allowedCustomerOperations: null })).toEqual(["Read", "Update", "Delete"]);
  });

  it("keeps what Microsoft sends: a CSP purchase's Read only, or an explicit list", () => {
    expect(allowed({ allowedCustomerOperations: ["Read"] })).toEqual(["Read"]);
    expect(allowed({ allowedCustomerOperations: ["Read", "Delete"] })).toEqual(["Read", "Delete"]);
  });
});
