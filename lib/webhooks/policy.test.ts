import { describe, expect, it } from "vitest";
import type { WebhookSettings } from "@/lib/env";
import { decidePlanChange, decideQuantityChange, decideReinstate } from "./policy";

const settings = (over: Partial<WebhookSettings> = {}): WebhookSettings => ({
  maxBodyBytes: 65_536,
  changePolicy: "accept",
  planOrder: ["basic", "pro-seats", "fabrikam-cloud/enterprise"],
  planRules: {},
  reinstatePolicy: "accept",
  ...over,
});
const on = (planId: string, quantity: number | null = null, offerId = "fabrikam-cloud") => ({
  offerId,
  planId,
  quantity,
});

describe("plan changes", () => {
  it("follow the default policy", () => {
    expect(decidePlanChange(settings(), on("basic"), "pro-seats").accept).toBe(true);
    expect(decidePlanChange(settings({ changePolicy: "refuse" }), on("basic"), "pro-seats")).toEqual({
      accept: false,
      reason: "WEBHOOK_CHANGE_POLICY says refuse",
    });
  });

  it("under upgrades, compare places in the plan order (plain or offer-qualified keys)", () => {
    const upgrades = settings({ changePolicy: "upgrades" });
    expect(decidePlanChange(upgrades, on("basic"), "enterprise").accept).toBe(true);
    expect(decidePlanChange(upgrades, on("enterprise"), "pro-seats")).toMatchObject({
      accept: false,
      reason: expect.stringMatching(/not an upgrade/),
    });
    expect(decidePlanChange(upgrades, on("pro-seats"), "basic").accept).toBe(false);
  });

  it("under upgrades, refuse a plan the order does not list (it cannot be compared)", () => {
    const upgrades = settings({ changePolicy: "upgrades" });
    expect(decidePlanChange(upgrades, on("basic"), "metered")).toMatchObject({
      accept: false,
      reason: expect.stringMatching(/does not list metered/),
    });
    // The offer-qualified key fabrikam-cloud/enterprise does not match another offer's enterprise plan.
    expect(decidePlanChange(upgrades, on("basic", null, "fabrikam-analytics"), "enterprise").accept).toBe(false);
  });

  it("always accept a change back to the current plan, whatever the policy", () => {
    expect(decidePlanChange(settings({ changePolicy: "refuse" }), on("pro-seats"), "pro-seats")).toMatchObject({
      accept: true,
      reason: expect.stringMatching(/always accepted/),
    });
  });

  it("follow the rule of the current plan over the default, the offer-qualified key first", () => {
    const ruled = settings({
      planRules: {
        enterprise: { plan: "refuse", quantity: "accept" },
        "fabrikam-analytics/enterprise": { plan: "accept", quantity: "accept" },
      },
    });
    expect(decidePlanChange(ruled, on("enterprise"), "basic")).toEqual({
      accept: false,
      reason: "the rule for enterprise says refuse",
    });
    expect(decidePlanChange(ruled, on("enterprise", null, "fabrikam-analytics"), "basic").accept).toBe(true);
    expect(decidePlanChange(ruled, on("basic"), "enterprise").accept).toBe(true);
  });
});

describe("seat changes", () => {
  it("follow the quantity part of the policy", () => {
    const ruled = settings({ planRules: { "pro-seats": { plan: "accept", quantity: "upgrades" } } });
    expect(decideQuantityChange(ruled, on("pro-seats", 10), 20).accept).toBe(true);
    expect(decideQuantityChange(ruled, on("pro-seats", 10), 5)).toMatchObject({
      accept: false,
      reason: expect.stringMatching(/not an increase/),
    });
    expect(decideQuantityChange(ruled, on("enterprise", 60), 50).accept).toBe(true);
    expect(decideQuantityChange(settings({ changePolicy: "refuse" }), on("pro-seats", 10), 20).accept).toBe(false);
  });

  it("always accept the current number of seats", () => {
    expect(decideQuantityChange(settings({ changePolicy: "refuse" }), on("pro-seats", 10), 10).accept).toBe(true);
  });
});

describe("reinstatement", () => {
  it("is accepted or refused as configured", () => {
    expect(decideReinstate(settings()).accept).toBe(true);
    expect(decideReinstate(settings({ reinstatePolicy: "refuse" }))).toMatchObject({
      accept: false,
      reason: expect.stringMatching(/cancelled instead/),
    });
  });
});
