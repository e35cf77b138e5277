import { describe, expect, it } from "vitest";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { listAuditFor } from "@/lib/data/events";
import { getSubscription } from "@/lib/data/subscriptions";
import { syncSubscription } from "@/lib/data/subscription-store";
import { type SubscriptionState } from "@/lib/domain/subscription";
import { storeResult } from "./store";

// storeResult's one-statement path (the row as read beside Microsoft's calls) and its fall-back to the
// locking path when the row moved in between: the stored state and the audit trail must be the same as
// the locking path alone would leave.

const at = (iso: string) => new Date(iso);
const reading = (snapshot: SubscriptionState, observedAt: string) => ({ snapshot, observedAt: at(observedAt) });
const microsoft = { actor: { type: "microsoft" as const }, action: "subscription.synced" };

describe("storeResult in one statement", () => {
  it("creates an unknown subscription with its creation audit, stamped with the reading's time", async () => {
    const input = subscriptionInput({ status: "Subscribed" });
    expect(
      await storeResult({
        action: "Subscribe",
        subscriptionId: input.id,
        reading: reading(input, "2026-11-20T10:00:00.123Z"),
        decision: undefined,
        seen: null,
      }),
    ).toBe("stored");
    const stored = await getSubscription(input.id);
    expect(stored).toMatchObject({
      planId: "pro-seats",
      quantity: 10,
      status: "Subscribed",
      beneficiaryEmail: "alice@contoso.example",
      allowedCustomerOperations: ["Read", "Update", "Delete"],
    });
    expect(stored?.lastSyncedAt?.toISOString()).toBe("2026-11-20T10:00:00.123Z");
    expect(stored?.purchasedAt?.toISOString()).toBe("2026-11-01T10:00:00.000Z");
    expect(stored?.searchText).toContain("contoso production");
    const audit = await listAuditFor("subscription", input.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: "microsoft",
      actorId: "marketplace",
      action: "webhook.Subscribe",
      before: null,
    });
    expect(audit[0]?.after).toMatchObject({
      planId: "pro-seats",
      status: "Subscribed",
      purchasedAt: "2026-11-01T10:00:00.000Z",
    });
  });

  it("audits only what changed, then the policy's decision, as the locking path does", async () => {
    const input = subscriptionInput({ status: "Subscribed" });
    await syncSubscription(input, microsoft, at("2026-11-20T10:00:00Z"));
    const seen = await getSubscription(input.id);
    const decision = {
      action: "webhook.policy.ChangePlan",
      accept: true,
      reason: "accept-all",
      details: { from: "pro-seats", to: "enterprise" },
    };
    const changed = { ...input, planId: "enterprise", quantity: 60 };
    expect(
      await storeResult({
        action: "ChangePlan",
        subscriptionId: input.id,
        reading: reading(changed, "2026-11-20T10:01:00Z"),
        decision,
        seen,
      }),
    ).toBe("stored");
    expect(await getSubscription(input.id)).toMatchObject({ planId: "enterprise", quantity: 60 });
    const [policy, change] = await listAuditFor("subscription", input.id);
    expect(change).toMatchObject({
      action: "webhook.ChangePlan",
      before: { planId: "pro-seats", quantity: 10 },
      after: { planId: "enterprise", quantity: 60 },
    });
    expect(policy).toMatchObject({
      actorType: "system",
      actorId: "webhook-policy",
      action: "webhook.policy.ChangePlan",
      after: { accepted: true, reason: "accept-all", to: "enterprise" },
    });
  });

  it("falls back to locking when the row moved after it was read: the audit's 'before' is the row that was really there", async () => {
    const input = subscriptionInput({ status: "Subscribed" });
    await syncSubscription(input, microsoft, at("2026-11-20T10:00:00Z"));
    const seen = await getSubscription(input.id);
    await syncSubscription({ ...input, quantity: 20 }, microsoft, at("2026-11-20T10:00:30Z")); // e.g. reconciliation, meanwhile
    const later = { ...input, quantity: 30 };
    expect(
      await storeResult({
        action: "ChangeQuantity",
        subscriptionId: input.id,
        reading: reading(later, "2026-11-20T10:01:00Z"),
        decision: undefined,
        seen,
      }),
    ).toBe("stored");
    expect((await getSubscription(input.id))?.quantity).toBe(30);
    const [latest, between] = await listAuditFor("subscription", input.id);
    expect(between?.after).toEqual({ quantity: 20 });
    expect(latest).toMatchObject({
      action: "webhook.ChangeQuantity",
      before: { quantity: 20 },
      after: { quantity: 30 },
    });
  });

  it("falls back when someone else created the subscription after it was read as absent: one creation, then the change", async () => {
    const input = subscriptionInput({ status: "Subscribed" });
    await syncSubscription(input, microsoft, at("2026-11-20T10:00:00Z"));
    const mine = { ...input, autoRenew: false };
    expect(
      await storeResult({
        action: "Renew",
        subscriptionId: input.id,
        reading: reading(mine, "2026-11-20T10:01:00Z"),
        decision: undefined,
        seen: null,
      }),
    ).toBe("stored");
    const audit = await listAuditFor("subscription", input.id);
    expect(audit.map((a) => a.action)).toEqual(["webhook.Renew", "subscription.synced"]);
    expect(audit[0]).toMatchObject({ before: { autoRenew: true }, after: { autoRenew: false } });
  });

  it("refuses a reading older than the stored one, writing nothing", async () => {
    const input = subscriptionInput({ status: "Subscribed" });
    await syncSubscription(input, microsoft, at("2026-11-20T10:05:00Z"));
    const seen = await getSubscription(input.id);
    expect(
      await storeResult({
        action: "Suspend",
        subscriptionId: input.id,
        reading: reading({ ...input, status: "Suspended" }, "2026-11-20T10:01:00Z"),
        decision: undefined,
        seen,
      }),
    ).toBe("outdated");
    expect((await getSubscription(input.id))?.status).toBe("Subscribed");
    expect(await listAuditFor("subscription", input.id)).toHaveLength(1);
  });
});
