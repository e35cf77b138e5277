import { describe, expect, it } from "vitest";
import { activationBody } from "./purchase-view";
import { resolveAnswerProblem } from "./resolve-check";

describe("activationBody (item 8)", () => {
  it("sends the purchased quantity only when Microsoft's plan is per-seat", () => {
    expect(activationBody({ planId: "pro-seats", quantity: 12 }, { isPricePerSeat: true })).toEqual({
      planId: "pro-seats",
      quantity: 12,
    });
    expect(activationBody({ planId: "basic", quantity: 1 }, { isPricePerSeat: false })).toEqual({ planId: "basic" });
    expect(activationBody({ planId: "basic", quantity: null }, { isPricePerSeat: false })).toEqual({ planId: "basic" });
  });

  it("sends no quantity when the plan could not be read, or does not say (the plan id alone starts the purchase as bought)", () => {
    expect(activationBody({ planId: "pro-seats", quantity: 12 }, undefined)).toEqual({ planId: "pro-seats" });
    expect(activationBody({ planId: "pro-seats", quantity: 12 }, { isPricePerSeat: undefined })).toEqual({
      planId: "pro-seats",
    });
  });
});

describe("resolveAnswerProblem (item 9)", () => {
  const id = "5b1d3777-9a7e-4ebb-8e2b-635fc41b3102";
  const subscription = {
    id,
    offerId: "fabrikam-cloud",
    planId: "basic",
    saasSubscriptionStatus: "PendingFulfillmentStart",
  };

  it("accepts an answer with a GUID, an offer and a plan (top level or in the embedded subscription)", () => {
    expect(resolveAnswerProblem({ id, offerId: "fabrikam-cloud", planId: "basic" })).toBeUndefined();
    expect(resolveAnswerProblem({ id: id.toUpperCase(), subscription })).toBeUndefined();
  });

  it("names what is missing or wrong, never a value", () => {
    expect(resolveAnswerProblem({ id: "not-a-guid", offerId: "o", planId: "p" })).toBe(
      "the subscription id is not a GUID",
    );
    expect(
      resolveAnswerProblem({ id, subscription: { ...subscription, id: "6b1d3777-9a7e-4ebb-8e2b-635fc41b3102" } }),
    ).toBe("the embedded subscription has another id");
    expect(resolveAnswerProblem({ id, planId: "basic" })).toBe("no offer id");
    expect(resolveAnswerProblem({ id, offerId: "fabrikam-cloud" })).toBe("no plan id");
  });
});
