import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { rollUpAndClaim } from "@/lib/data/usage-hours";
import type { MarketplaceClient } from "@/lib/marketplace";
import { injectFault, simulatorClient } from "@/test/marketplace-support";
import { meteringSupport } from "@/test/metering-support";
import { startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { decideHours } from "./decide";
import { readBackUsage } from "./read-back";
import { submitUsage } from "./submit";
import { findMeteringSubscriptions } from "@/lib/data/usage-ingest";
import { meteringPlans } from "./plans";

// The hourly submission against the simulator over HTTPS: what reaches "Microsoft" is read back from the
// simulator's own state, so "exactly once" is checked where it matters.

let sim: SimulatorProcess;
let client: MarketplaceClient;
let m: ReturnType<typeof meteringSupport>;
const meteredSubscription = () => m.meteredSubscription();
const simUsage = (resourceId: string) => m.simUsage(resourceId);
const batchCalls = () => m.batchCalls();
const hoursOf = (subscriptionId: string) => m.hoursOf(subscriptionId);
const post = (...args: Parameters<typeof m.post>) => m.post(...args);
const at = (hoursBack: number) => m.at(hoursBack);

beforeAll(async () => {
  sim = await startSimulatorProcess();
  ({ client } = simulatorClient(sim));
  m = meteringSupport(sim, client);
});
afterAll(() => sim?.stop());

describe("hourly submission", () => {
  it("spends the included quantity first, sends only the overage, once per hour", async () => {
    const sub = await meteredSubscription();
    await post(sub, [
      [4, 600],
      [3, 300],
      [3, 100],
      [2, 400],
      [2, 150, "storage-gb"],
    ]);
    const report = await submitUsage({ client });
    expect(report).toMatchObject({ rolledUpRecords: 5, batches: 1, sent: 2, accepted: 2 });
    expect((await simUsage(sub)).map((u) => [u.effectiveStartTime, u.dimension, u.quantity])).toEqual([
      [at(2), "api-calls", 400],
      [at(2), "storage-gb", 50],
    ]);
    const hours = await hoursOf(sub);
    expect(hours.map((h) => [h.state, h.status, h.ingested, h.included, h.overage])).toEqual([
      ["Done", "Included", 600, 600, 0],
      ["Done", "Included", 400, 400, 0],
      ["Done", "Accepted", 400, 0, 400],
      ["Done", "Accepted", 150, 100, 50],
    ]);
    expect(hours[2]!.usageEventId).toBe((await simUsage(sub))[0]!.usageEventId);
    const calls = await batchCalls();
    expect(await submitUsage({ client })).toMatchObject({ sent: 0 });
    expect(await batchCalls()).toBe(calls);
  });

  it("folds records that arrive after their hour was sent into the next open hour, with a note", async () => {
    const sub = await meteredSubscription();
    await post(sub, [[3, 1200]]);
    await submitUsage({ client });
    await post(
      sub,
      [
        [3, 30],
        [2, 5],
      ],
      40,
    );
    const report = await submitUsage({ client });
    expect(report).toMatchObject({ folded: 1, accepted: 1 });
    expect((await simUsage(sub)).map((u) => [u.effectiveStartTime, u.quantity])).toEqual([
      [at(3), 200],
      [at(2), 35],
    ]);
    const [, late] = await hoursOf(sub);
    expect(late!.note).toContain(`of ${at(3)} arrived after that hour was sent`);
    expect(await getDb().event.count({ where: { type: "usage.folded", subjectId: late!.id } })).toBe(1);
  });

  it("keeps and flags an hour whose 24 hours passed before it could be sent; sends nothing for it", async () => {
    const sub = await meteredSubscription();
    await post(sub, [[30, 1500]]);
    const report = await submitUsage({ client });
    expect(report.sent).toBe(0);
    const [hour] = await hoursOf(sub);
    expect(hour).toMatchObject({ state: "Flagged", ingested: 1500, overage: 500 });
    expect(hour!.flagReason).toContain("24-hour window");
    expect(await simUsage(sub)).toEqual([]);
  });

  it("handles every item status: refusals are flagged with what to do, Error is retried later with the same quantity", async () => {
    const sub = await meteredSubscription();
    await post(sub, [
      [9, 1000],
      [8, 1],
      [7, 2],
      [6, 3],
      [5, 4],
      [4, 5],
      [3, 6],
    ]);
    // The 1 000 of the first hour are included: the next six hours are sent, in hour order.
    for (const status of [
      "Expired",
      "ResourceNotActive",
      "InvalidDimension",
      "InvalidQuantity",
      "BadArgument",
      "Error",
    ])
      expect((await sim.control("POST", "/faults/usage-items", { status })).status).toBe(201);
    expect(await submitUsage({ client })).toMatchObject({ sent: 6, flagged: 5, retrying: 1 });
    const hours = (await hoursOf(sub)).slice(1);
    expect(hours.map((h) => [h.state, h.status])).toEqual([
      ["Flagged", "Expired"],
      ["Flagged", "ResourceNotActive"],
      ["Flagged", "InvalidDimension"],
      ["Flagged", "InvalidQuantity"],
      ["Flagged", "BadArgument"],
      ["Pending", "Error"],
    ]);
    expect(hours.every((h) => h.state === "Pending" || (h.flagReason ?? "").length > 20)).toBe(true);
    expect(hours[5]!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    // Not before its retry time; then sent as decided.
    expect(await submitUsage({ client })).toMatchObject({ sent: 0 });
    const later = new Date(Date.now() + 6 * 60_000);
    expect(await submitUsage({ client, now: later })).toMatchObject({ sent: 1, accepted: 1 });
    expect((await simUsage(sub)).map((u) => [u.effectiveStartTime, u.quantity])).toEqual([[at(3), 6]]);
  });

  it("a Duplicate with another quantity is flagged with Microsoft's event; 429 and 5xx are retried by the call", async () => {
    const sub = await meteredSubscription();
    await post(sub, [
      [3, 1100],
      [2, 7],
    ]);
    // Something else reported hour -2 already.
    await client.batchUsageEvent([
      { resourceId: sub, quantity: 2, dimension: "api-calls", effectiveStartTime: at(2), planId: "metered" },
    ]);
    await injectFault(sim, { endpoint: "batchUsageEvent", kind: "throttle", count: 1, retryAfterSeconds: 0 });
    await injectFault(sim, { endpoint: "batchUsageEvent", kind: "error", count: 1 });
    const report = await submitUsage({ client });
    expect(report).toMatchObject({ batches: 1, accepted: 1, flagged: 1 });
    const [first, second] = await hoursOf(sub);
    expect(first).toMatchObject({ status: "Accepted", overage: 100 });
    expect(second).toMatchObject({ state: "Flagged", status: "Duplicate", acceptedQuantity: 2, overage: 7 });
    expect(second!.usageEventId).toBe((await simUsage(sub)).find((u) => u.effectiveStartTime === at(2))!.usageEventId);
  });

  it("after a crash between Microsoft's acceptance and the portal's write, the next runner records Microsoft's event: no second one", async () => {
    const sub = await meteredSubscription();
    await post(sub, [[2, 1250]]);
    const now = new Date();
    const subscriptions = await findMeteringSubscriptions([sub]);
    const plans = await meteringPlans(subscriptions.values(), now, client);
    const { claimed } = await rollUpAndClaim({
      now,
      runner: "dead-runner",
      leaseMs: 15 * 60_000,
      limit: 10,
      decide: (hours, used) => decideHours(hours, used, { subscriptions, plans, now, dryRun: false }),
    });
    expect(claimed).toHaveLength(1);
    // The dead runner's call reached Microsoft; its process died before it wrote the answer.
    const sent = await client.batchUsageEvent(
      claimed.map((h) => ({
        resourceId: sub,
        quantity: h.overage,
        dimension: h.dimension,
        effectiveStartTime: h.hourStart,
        planId: "metered",
      })),
    );
    expect(sent.results[0]!.status).toBe("Accepted");
    // Within the lease, nobody touches the claim.
    expect(await submitUsage({ client })).toMatchObject({ sent: 0 });
    // After it, another runner takes it over and sends the same quantity: Microsoft's Duplicate carries its event.
    const report = await submitUsage({ client, now: new Date(now.getTime() + 16 * 60_000) });
    expect(report).toMatchObject({ sent: 1, accepted: 1, flagged: 0 });
    const [hour] = await hoursOf(sub);
    expect(hour).toMatchObject({
      state: "Done",
      status: "Duplicate",
      overage: 250,
      usageEventId: sent.results[0]!.usageEventId,
    });
    expect(await simUsage(sub)).toHaveLength(1);
  });

  it("a lost answer (Microsoft accepted, then the call failed) is resent and reconciled, not billed twice", async () => {
    const sub = await meteredSubscription();
    await post(sub, [[2, 1010]]);
    await injectFault(sim, { endpoint: "batchUsageEvent", kind: "error-after", count: 1 });
    expect(await submitUsage({ client })).toMatchObject({ accepted: 1 });
    const [hour] = await hoursOf(sub);
    expect(hour).toMatchObject({ state: "Done", status: "Duplicate", acceptedQuantity: 10 });
    expect(await simUsage(sub)).toHaveLength(1);
  });

  it("two runners at once submit each hour once", async () => {
    const subs = await Promise.all([meteredSubscription(), meteredSubscription()]);
    for (const sub of subs)
      await post(sub, [
        [20, 1000],
        ...Array.from({ length: 18 }, (_, i): [number, number] => [i + 2, i + 1]),
        [5, 1, "storage-gb"],
      ]);
    const calls = await batchCalls();
    const [a, b] = await Promise.all([submitUsage({ client }), submitUsage({ client })]);
    expect(a.sent + b.sent).toBe(36);
    expect(a.accepted + b.accepted).toBe(36);
    for (const sub of subs) expect(await simUsage(sub)).toHaveLength(18);
    expect((await batchCalls()) - calls).toBe(2);
  });

  it("two claims at once never take the same hour (one waits for the other's lock)", async () => {
    const sub = await meteredSubscription();
    await post(sub, [
      [3, 1001],
      [2, 2],
    ]);
    const now = new Date();
    const subscriptions = await findMeteringSubscriptions([sub]);
    const plans = await meteringPlans(subscriptions.values(), now, client);
    // Rolled up beforehand, so that only the claims compete (a roll-up's inserts would serialise them anyway).
    await rollUpAndClaim({ now, runner: "roll-up", leaseMs: 1, limit: 10, decide: () => [] });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const claim = (runner: string, pause: boolean) =>
      rollUpAndClaim({
        now,
        runner,
        leaseMs: 15 * 60_000,
        limit: 10,
        decide: async (hours, used) => {
          // The first claimer holds its transaction open while the second one tries.
          if (pause) await held;
          return decideHours(hours, used, { subscriptions, plans, now, dryRun: false });
        },
      });
    const first = claim("first", true);
    await new Promise((r) => setTimeout(r, 50));
    const second = claim("second", false);
    await new Promise((r) => setTimeout(r, 300));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.claimed.map((h) => h.overage).sort()).toEqual([1, 2]);
    expect(b.claimed).toEqual([]);
    const hours = await hoursOf(sub);
    expect(hours.map((h) => [h.claimedBy, h.included])).toEqual([
      ["first", 1000],
      ["first", 0],
    ]);
  });

  it("a renewal starts the included quantity afresh", async () => {
    const sub = await meteredSubscription();
    await post(sub, [[6, 1500]]);
    await submitUsage({ client });
    // Renewed two hours ago (as the Renew webhook or reconciliation stores the new term).
    await getDb().subscription.update({ where: { id: sub }, data: { termStartDate: new Date(at(2)) } });
    await post(sub, [[1, 300]]);
    expect(await submitUsage({ client })).toMatchObject({ sent: 0 });
    const hours = await hoursOf(sub);
    expect(hours.map((h) => [h.status, h.included, h.overage])).toEqual([
      ["Accepted", 1000, 500],
      ["Included", 300, 0],
    ]);
    expect((await simUsage(sub)).map((u) => u.quantity)).toEqual([500]);
  });

  it("dry run: rolls up and shows what would be sent, sends nothing, and never sends it later", async () => {
    const sub = await meteredSubscription();
    await post(sub, [[2, 1042]]);
    expect(await submitUsage({ client, dryRun: true })).toMatchObject({ sent: 0 });
    expect((await hoursOf(sub))[0]).toMatchObject({ state: "Done", status: "DryRun", overage: 42 });
    expect(await submitUsage({ client })).toMatchObject({ sent: 0 });
    expect(await simUsage(sub)).toEqual([]);
  });
});

describe("daily read-back", () => {
  it("records Microsoft's reconStatus, and flags a day whose submitted quantity differs", async () => {
    const sub = await meteredSubscription();
    await post(sub, [[3, 1003]]);
    await submitUsage({ client });
    const [hour] = await hoursOf(sub);
    expect(await readBackUsage({ client })).toMatchObject({ flagged: 0 });
    expect((await hoursOf(sub))[0]).toMatchObject({ state: "Done", reconStatus: expect.any(String) as string });
    // The portal's record says more was accepted than Microsoft lists.
    await getDb().usageHour.update({ where: { id: hour!.id }, data: { acceptedQuantity: 4 } });
    expect((await readBackUsage({ client })).flagged).toBe(1);
    const flagged = (await hoursOf(sub))[0]!;
    expect(flagged.state).toBe("Flagged");
    expect(flagged.flagReason).toContain("Microsoft lists 3 units");
  });
});
