import { describe, expect, it } from "vitest";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { getDb, inTransaction } from "@/lib/db";
import { syncSubscriptionPage } from "./reconciliation-sync";
import { storeReading, storeReadingIfUnchanged, storeReadings } from "./subscription-store";
import { getSubscription } from "./subscriptions";

// The one writer of Microsoft's state: every change of a subscription writes exactly one event of the
// feed, in the same statement or transaction as the row; nothing changed, nothing written; rolled back,
// neither the row nor the event remains.

const MICROSOFT = { actor: { type: "microsoft" as const }, action: "webhook.Test" };
const events = async (id: string) =>
  (await getDb().event.findMany({ where: { subscriptionId: id }, orderBy: { id: "asc" } })).map((e) => ({
    type: e.type,
    action: e.action,
    after: e.after,
  }));
const at = (offsetMs: number) => new Date(Date.parse("2026-12-01T12:00:00Z") + offsetMs);

describe("the one writer of subscription state", () => {
  it("writes one event per change, named after the change, and none when nothing changed", async () => {
    const state = subscriptionInput({ planId: "pro-seats", quantity: 10 });
    await storeReading({ snapshot: state, observedAt: at(0) }, MICROSOFT);
    await storeReading(
      {
        snapshot: {
          ...state,
          status: "Subscribed",
          term: { ...state.term, startDate: at(0), endDate: at(30 * 86_400_000) },
        },
        observedAt: at(1),
      },
      MICROSOFT,
    );
    const active = {
      ...state,
      status: "Subscribed" as const,
      term: { ...state.term, startDate: at(0), endDate: at(30 * 86_400_000) },
    };
    await storeReading({ snapshot: { ...active, quantity: 20 }, observedAt: at(2) }, MICROSOFT);
    await storeReading({ snapshot: { ...active, quantity: 20 }, observedAt: at(3) }, MICROSOFT); // the same again
    await storeReading({ snapshot: { ...active, quantity: 20, planId: "enterprise" }, observedAt: at(4) }, MICROSOFT);
    await storeReading(
      { snapshot: { ...active, quantity: 20, planId: "enterprise", status: "Suspended" }, observedAt: at(5) },
      MICROSOFT,
    );
    expect((await events(state.id)).map((e) => e.type)).toEqual([
      "subscription.created",
      "subscription.activated",
      "subscription.quantity_changed",
      "subscription.plan_changed",
      "subscription.suspended",
    ]);
    expect((await events(state.id))[2]).toMatchObject({ action: "webhook.Test", after: { quantity: 20 } });
  });

  it("stores only a newer reading: an older one changes nothing and writes no event", async () => {
    const state = subscriptionInput();
    await storeReading({ snapshot: state, observedAt: at(10) }, MICROSOFT);
    const stored = await storeReading({ snapshot: { ...state, status: "Subscribed" }, observedAt: at(5) }, MICROSOFT);
    expect(stored.outcome).toBe("outdated");
    expect((await getSubscription(state.id))?.status).toBe("PendingFulfillmentStart");
    expect(await events(state.id)).toHaveLength(1);
  });

  it("leaves neither the row nor its event when the transaction that made the change rolls back", async () => {
    const state = subscriptionInput();
    await storeReading({ snapshot: state, observedAt: at(0) }, MICROSOFT);
    await expect(
      inTransaction(async (tx) => {
        await storeReading({ snapshot: { ...state, planId: "enterprise" }, observedAt: at(1) }, MICROSOFT, { db: tx });
        expect(await tx.event.count({ where: { subscriptionId: state.id } })).toBe(2); // written, inside
        throw new Error("something later in the same transaction failed");
      }),
    ).rejects.toThrow("something later");
    expect((await getSubscription(state.id))?.planId).toBe("pro-seats");
    expect((await events(state.id)).map((e) => e.type)).toEqual(["subscription.created"]);
  });

  it("the one-statement path writes the row and its event together, or neither when the row moved since it was seen", async () => {
    const state = subscriptionInput();
    await storeReading({ snapshot: state, observedAt: at(0) }, MICROSOFT);
    const seen = await getSubscription(state.id);
    // Another writer stores a newer reading in between.
    await storeReading({ snapshot: { ...state, name: "Renamed" }, observedAt: at(1) }, MICROSOFT);
    expect(
      await storeReadingIfUnchanged({ snapshot: { ...state, quantity: 30 }, observedAt: at(2) }, MICROSOFT, seen),
    ).toBeUndefined();
    expect((await getSubscription(state.id))?.quantity).toBe(10);
    expect((await events(state.id)).map((e) => e.type)).toEqual(["subscription.created", "subscription.updated"]);
    // Seen as it is now: written, with its event.
    expect(
      await storeReadingIfUnchanged(
        { snapshot: { ...state, name: "Renamed", quantity: 30 }, observedAt: at(2) },
        MICROSOFT,
        await getSubscription(state.id),
      ),
    ).toBe("written");
    expect((await events(state.id)).map((e) => e.type)).toEqual([
      "subscription.created",
      "subscription.updated",
      "subscription.quantity_changed",
    ]);
  });

  it("a batch writes one event per subscription created or repaired, and none for those that agree", async () => {
    const [a, b, c] = [subscriptionInput(), subscriptionInput(), subscriptionInput()];
    await storeReading({ snapshot: a!, observedAt: at(0) }, MICROSOFT);
    await storeReading({ snapshot: b!, observedAt: at(0) }, MICROSOFT);
    const result = await inTransaction((tx) =>
      storeReadings(
        tx,
        [
          { snapshot: a!, observedAt: at(5) },
          { snapshot: { ...b!, autoRenew: false }, observedAt: at(5) },
          { snapshot: c!, observedAt: at(5) },
        ],
        {
          actor: { type: "system", id: "reconciliation" },
          action: "reconcile.repaired",
          createdAction: "reconcile.created",
        },
      ),
    );
    expect(result).toEqual({ created: [c!.id], changed: [b!.id], outdated: 0 });
    expect((await events(a!.id)).map((e) => e.type)).toEqual(["subscription.created"]);
    expect((await events(b!.id)).map((e) => [e.type, e.action])).toEqual([
      ["subscription.created", "webhook.Test"],
      ["subscription.repaired", "reconcile.repaired"],
    ]);
    expect((await events(c!.id)).map((e) => [e.type, e.action])).toEqual([
      ["subscription.created", "reconcile.created"],
    ]);
  });

  it("a batch rolled back (the run lost its lease) leaves no row and no event", async () => {
    const fresh = subscriptionInput();
    await expect(
      syncSubscriptionPage([fresh], {
        runId: "r",
        requestedAt: at(0),
        onWritten: async () => Promise.reject(new Error("lease lost")),
      }),
    ).rejects.toThrow("lease lost");
    expect(await getSubscription(fresh.id)).toBeNull();
    expect(await events(fresh.id)).toEqual([]);
  });

  it("several writers of one subscription at once: every change recorded once, in the order they were read", async () => {
    const state = subscriptionInput({ quantity: 1 });
    await storeReading({ snapshot: state, observedAt: at(0) }, MICROSOFT);
    const readings = Array.from({ length: 10 }, (_, i) => ({
      snapshot: { ...state, quantity: i + 2 },
      observedAt: at(i + 1),
    }));
    // Taken in order, stored in any order: older ones that arrive after a newer one are outdated.
    const shuffled = [...readings].sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(shuffled.map((r) => storeReading(r, MICROSOFT)));
    expect((await getSubscription(state.id))?.quantity).toBe(11);
    const changes = (await events(state.id)).slice(1);
    expect(changes).toHaveLength(outcomes.filter((o) => o.outcome === "changed").length);
    const quantities = changes.map((e) => (e.after as { quantity: number }).quantity);
    expect(quantities).toEqual([...quantities].sort((x, y) => x - y));
  });
});
