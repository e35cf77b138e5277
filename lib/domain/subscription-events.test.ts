import { describe, expect, it } from "vitest";
import { subscriptionEventType } from "./subscription-events";

const base = {
  status: "Subscribed" as const,
  planId: "basic",
  quantity: null,
  termStartDate: new Date("2026-01-01"),
  termEndDate: new Date("2026-01-31"),
};

describe("the event a write of Microsoft's state is", () => {
  it("a purchase first seen: created while pending, activated when Microsoft already activated it", () => {
    expect(subscriptionEventType(null, { ...base, status: "PendingFulfillmentStart" }, [], "landing")).toBe(
      "subscription.created",
    );
    expect(subscriptionEventType(null, base, [], "webhook.Subscribe")).toBe("subscription.activated");
  });

  it("nothing when nothing changed", () => {
    expect(subscriptionEventType(base, base, [], "webhook.Renew")).toBeUndefined();
  });

  it("a status change first, whatever else changed with it", () => {
    const pending = { ...base, status: "PendingFulfillmentStart" as const, termStartDate: null, termEndDate: null };
    expect(subscriptionEventType(pending, base, ["status", "termStartDate", "termEndDate"], "landing")).toBe(
      "subscription.activated",
    );
    expect(subscriptionEventType(base, { ...base, status: "Suspended" }, ["status"], "webhook.Suspend")).toBe(
      "subscription.suspended",
    );
    expect(subscriptionEventType({ ...base, status: "Suspended" }, base, ["status"], "webhook.Reinstate")).toBe(
      "subscription.reinstated",
    );
    expect(
      subscriptionEventType(
        base,
        { ...base, status: "Unsubscribed", planId: "gold" },
        ["status", "planId"],
        "reconcile",
      ),
    ).toBe("subscription.unsubscribed");
  });

  it("then the plan, the seats, a term that moved forward", () => {
    expect(
      subscriptionEventType(
        base,
        { ...base, planId: "gold", quantity: 5 },
        ["planId", "quantity"],
        "webhook.ChangePlan",
      ),
    ).toBe("subscription.plan_changed");
    expect(
      subscriptionEventType({ ...base, quantity: 5 }, { ...base, quantity: 8 }, ["quantity"], "webhook.ChangeQuantity"),
    ).toBe("subscription.quantity_changed");
    const next = { ...base, termStartDate: new Date("2026-02-01"), termEndDate: new Date("2026-02-28") };
    expect(subscriptionEventType(base, next, ["termStartDate", "termEndDate"], "webhook.Renew")).toBe(
      "subscription.renewed",
    );
  });

  it("anything else: an update, or a repair when reconciliation found it", () => {
    expect(subscriptionEventType(base, base, ["autoRenew"], "webhook.Renew")).toBe("subscription.updated");
    expect(subscriptionEventType(base, base, ["beneficiaryEmail"], "reconcile")).toBe("subscription.repaired");
  });
});
