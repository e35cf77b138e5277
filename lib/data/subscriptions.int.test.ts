import { describe, expect, it } from "vitest";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { listAuditFor } from "./events";
import {
  claimActivation,
  getSubscription,
  listSubscriptions,
  markActivated,
  releaseActivationClaim,
} from "./subscriptions";
import { syncSubscription } from "./subscription-store";
import { upsertSignedInUser } from "./users";

const microsoft = { actor: { type: "microsoft" as const }, action: "subscription.synced" };

describe("syncSubscription", () => {
  it("creates the subscription and audits its creation", async () => {
    const input = subscriptionInput();
    const result = await syncSubscription(input, { actor: { type: "microsoft" }, action: "subscription.resolved" });
    expect(result.created).toBe(true);
    const stored = await getSubscription(input.id);
    expect(stored).toMatchObject({
      planId: "pro-seats",
      quantity: 10,
      status: "PendingFulfillmentStart",
      beneficiaryEmail: "alice@contoso.example",
    });
    expect(stored?.allowedCustomerOperations).toEqual(["Read", "Update", "Delete"]);
    expect(stored?.lastSyncedAt).toBeInstanceOf(Date);
    const audit = await listAuditFor("subscription", input.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "microsoft", actorId: "marketplace", action: "subscription.resolved" });
  });

  it("audits only the fields that changed, with before and after", async () => {
    const input = subscriptionInput();
    await syncSubscription(input, microsoft);
    const result = await syncSubscription(
      { ...input, planId: "enterprise", quantity: 60 },
      { actor: { type: "microsoft" }, action: "webhook.ChangePlan" },
    );
    expect(result.created).toBe(false);
    expect(result.changed.sort()).toEqual(["planId", "quantity"]);
    const [latest] = await listAuditFor("subscription", input.id);
    expect(latest?.action).toBe("webhook.ChangePlan");
    expect(latest?.before).toEqual({ planId: "pro-seats", quantity: 10 });
    expect(latest?.after).toEqual({ planId: "enterprise", quantity: 60 });
  });

  it("writes no audit entry when nothing changed, but records the sync time", async () => {
    const input = subscriptionInput();
    await syncSubscription(input, microsoft, new Date("2026-11-01T00:00:00Z"));
    const again = await syncSubscription(input, microsoft, new Date("2026-11-02T00:00:00Z"));
    expect(again.changed).toEqual([]);
    expect(await listAuditFor("subscription", input.id)).toHaveLength(1);
    expect((await getSubscription(input.id))?.lastSyncedAt?.toISOString()).toBe("2026-11-02T00:00:00.000Z");
  });

  it("stores a subscription once when two syncs race to create it", async () => {
    const input = subscriptionInput();
    const results = await Promise.all([
      syncSubscription(input, microsoft),
      syncSubscription(input, microsoft),
      syncSubscription(input, microsoft),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await listAuditFor("subscription", input.id)).toHaveLength(1);
  });

  it("keeps term dates exactly", async () => {
    const input = subscriptionInput({
      status: "Subscribed",
      term: {
        startDate: new Date("2026-11-05T00:00:00Z"),
        endDate: new Date("2026-12-04T00:00:00Z"),
        termUnit: "P1M",
        chargeDuration: null,
      },
    });
    await syncSubscription(input, microsoft);
    const stored = await getSubscription(input.id);
    expect(stored?.termStartDate?.toISOString()).toBe("2026-11-05T00:00:00.000Z");
    expect(stored?.termEndDate?.toISOString()).toBe("2026-12-04T00:00:00.000Z");
  });
});

describe("markActivated", () => {
  it("records the first activating user and keeps it on a second call", async () => {
    const input = subscriptionInput();
    await syncSubscription(input, microsoft);
    const alice = await upsertSignedInUser({
      tenantId: "t1",
      objectId: "alice",
      email: "alice@contoso.example",
      name: "Alice",
    });
    const bob = await upsertSignedInUser({
      tenantId: "t1",
      objectId: "bob",
      email: "bob@contoso.example",
      name: "Bob",
    });
    expect(await markActivated(input.id, alice.id)).toBe(true);
    expect(await markActivated(input.id, bob.id)).toBe(false);
    expect((await getSubscription(input.id))?.activatedById).toBe(alice.id);
  });
});

describe("listSubscriptions", () => {
  it("pages through every subscription exactly once, newest first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const input = subscriptionInput({ name: `s${i}` });
      ids.push(input.id);
      await syncSubscription(input, microsoft);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listSubscriptions({ limit: 3, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
  });

  it("filters by status", async () => {
    const active = subscriptionInput({ status: "Subscribed" });
    await syncSubscription(active, microsoft);
    await syncSubscription(subscriptionInput({ status: "Suspended" }), microsoft);
    const page = await listSubscriptions({ status: "Subscribed" });
    expect(page.items.map((s) => s.id)).toContain(active.id);
    expect(page.items.every((s) => s.status === "Subscribed")).toBe(true);
  });
});

describe("claimActivation", () => {
  it("gives the claim to exactly one of several simultaneous callers", async () => {
    const input = subscriptionInput();
    await syncSubscription(input, microsoft);
    const claims = await Promise.all(Array.from({ length: 5 }, () => claimActivation(input.id)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("can be released, and taken over once stale, but never after activation", async () => {
    const input = subscriptionInput();
    await syncSubscription(input, microsoft);
    const t0 = new Date("2026-11-01T10:00:00Z");
    expect(await claimActivation(input.id, null, t0)).toBe(true);
    expect(await claimActivation(input.id, null, new Date(t0.getTime() + 60_000))).toBe(false);
    expect(await claimActivation(input.id, null, new Date(t0.getTime() + 121_000))).toBe(true);
    await releaseActivationClaim(input.id);
    expect(await claimActivation(input.id, null, new Date(t0.getTime() + 122_000))).toBe(true);
    await markActivated(input.id, null);
    expect(await claimActivation(input.id, null, new Date(t0.getTime() + 999_000))).toBe(false);
  });

  it("stores who claims and what they entered before Microsoft is called; a release keeps them, the activation moves them", async () => {
    const input = subscriptionInput();
    await syncSubscription(input, microsoft);
    const alice = await upsertSignedInUser({
      tenantId: "t1",
      objectId: "alice-claim",
      email: "alice@contoso.example",
      name: "Alice",
    });
    expect(await claimActivation(input.id, { userId: alice.id, buyerDetails: { companyName: "Contoso" } })).toBe(true);
    await releaseActivationClaim(input.id);
    // A released attempt may still have reached Microsoft: who and what stay for the recovery.
    expect(await getSubscription(input.id)).toMatchObject({
      activationClaimedAt: null,
      activationClaimedById: alice.id,
      activationClaimDetails: { companyName: "Contoso" },
    });
    expect(await markActivated(input.id, { userId: alice.id, buyerDetails: { companyName: "Contoso" } })).toBe(true);
    expect(await getSubscription(input.id)).toMatchObject({
      activatedById: alice.id,
      buyerDetails: { companyName: "Contoso" },
      activationClaimedById: null,
      activationClaimDetails: null,
    });
  });
});

describe("searchText", () => {
  it("keeps the searchable fields, lower-cased, current after a change", async () => {
    const input = subscriptionInput({
      name: "Contoso PROD",
      beneficiary: { email: "Alice@Contoso.example", objectId: "o", tenantId: "T-1" },
    });
    await syncSubscription(input, microsoft);
    expect((await getSubscription(input.id))?.searchText).toContain("contoso prod");
    expect((await getSubscription(input.id))?.searchText).toContain("alice@contoso.example");
    await syncSubscription({ ...input, name: "Renamed" }, microsoft);
    const text = (await getSubscription(input.id))?.searchText ?? "";
    expect(text).toContain("renamed");
    expect(text).not.toContain("contoso prod");
  });
});
