import { describe, expect, it } from "vitest";
import type { SaaSOperation } from "@/lib/marketplace";
import type { WebhookPayload } from "./payload";
import { classify, laterOperationApplied, mismatch, NOT_VISIBLE_GRACE_MS, parseMicrosoftTime } from "./rules";

const OP = "3d0c6b2a-1f2e-4c5d-9e8f-0a1b2c3d4e5f";
const SUB = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const payload = (over: Partial<WebhookPayload> = {}): WebhookPayload => ({
  id: OP,
  subscriptionId: SUB,
  action: "ChangePlan",
  planId: "enterprise",
  quantity: 60,
  source: "Azure",
  ...over,
});
const operation = (over: Partial<SaaSOperation> = {}): SaaSOperation => ({
  id: OP.toUpperCase(),
  subscriptionId: SUB,
  action: "ChangePlan",
  planId: "enterprise",
  quantity: 60,
  status: "InProgress",
  ...over,
});

describe("confirming a payload with Microsoft's operation", () => {
  it("accepts the same operation (ids in any case) and ignores what either side leaves out", () => {
    expect(mismatch(payload(), operation())).toBeUndefined();
    expect(mismatch(payload({ planId: undefined, quantity: undefined }), operation())).toBeUndefined();
    expect(mismatch(payload(), operation({ quantity: undefined }))).toBeUndefined();
  });

  it.each([
    [
      "another subscription",
      operation({ subscriptionId: "00000000-0000-4000-8000-000000000000" }),
      /belongs to subscription/,
    ],
    ["another action", operation({ action: "ChangeQuantity" }), /is a ChangeQuantity, not a ChangePlan/],
    ["another plan", operation({ planId: "basic" }), /plan is basic, not enterprise/],
    ["another quantity", operation({ quantity: 5 }), /quantity is 5, not 60/],
  ])("refuses %s", (_case, op, reason) => {
    expect(mismatch(payload(), op)).toMatch(reason);
  });
});

describe("telling a late event from a current one", () => {
  const at = (iso: string) => new Date(iso);
  it("reads Microsoft's times with or without a zone (UTC either way)", () => {
    expect(parseMicrosoftTime("2026-11-20T10:00:00")?.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(parseMicrosoftTime("2026-11-20T10:00:00.1234567Z")?.toISOString()).toBe("2026-11-20T10:00:00.123Z");
    expect(parseMicrosoftTime("yesterday")).toBeUndefined();
  });

  it("knows a later operation was applied when one's timestamp is at or after this one's", () => {
    expect(laterOperationApplied(["2026-11-20T10:00:01.0000000Z"], at("2026-11-20T10:00:00Z"))).toBe(true);
    expect(laterOperationApplied(["2026-11-20T10:00:00"], at("2026-11-20T10:00:00Z"))).toBe(true);
    expect(laterOperationApplied(["2026-11-20T09:59:59Z", "garbage"], at("2026-11-20T10:00:00Z"))).toBe(false);
    expect(laterOperationApplied(["2026-11-20T10:00:01Z"], undefined)).toBe(false);
  });

  const base = {
    action: "Suspend",
    visible: false,
    current: { status: "Subscribed" as const },
    laterApplied: false,
    waitingMs: 0,
  };
  it("applies an event whose effect Microsoft's state shows", () => {
    expect(classify({ ...base, visible: true })).toBe("apply");
    expect(classify({ ...base, visible: true, current: { status: "Unsubscribed" } })).toBe("apply");
  });

  it("ignores an event after the final Unsubscribed, or older than an applied operation", () => {
    expect(classify({ ...base, current: { status: "Unsubscribed" } })).toBe("stale");
    expect(classify({ ...base, laterApplied: true })).toBe("stale");
  });

  it("waits (503) while nothing explains the difference, then stores Microsoft's state after the grace period", () => {
    expect(classify(base)).toBe("wait");
    expect(classify({ ...base, action: "Unsubscribe", current: { status: "Suspended" } })).toBe("wait");
    expect(classify({ ...base, waitingMs: NOT_VISIBLE_GRACE_MS })).toBe("superseded");
  });

  it("follows up (200) instead of waiting once the operation is decided: only Microsoft's read lags", () => {
    expect(classify({ ...base, action: "ChangePlan", decided: true })).toBe("follow-up");
    expect(classify({ ...base, action: "ChangePlan", decided: true, laterApplied: true })).toBe("stale");
    expect(classify({ ...base, action: "ChangePlan", decided: true, visible: true })).toBe("apply");
  });
});
