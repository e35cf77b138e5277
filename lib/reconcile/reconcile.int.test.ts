import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { listAuditFor } from "@/lib/data/events";
import { claimRun, finishRun, getRun, listRunRepairs, listRuns } from "@/lib/data/reconciliation";
import { subscriptionColumns } from "@/lib/data/subscription-columns";
import { stateOf } from "@/lib/data/subscription-columns";
import { toSubscriptionSnapshot, type MarketplaceClient, type Subscription } from "@/lib/marketplace";
import { injectFault, simulatorClient } from "@/test/marketplace-support";
import { startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { reconcile, startReconciliation } from "./reconcile";

// Reconciliation against a real simulator: drift made on Microsoft's side (customer changes whose
// webhooks went nowhere) or in the portal's own rows is repaired and audited; failures, concurrent runs
// and crashed instances are handled by the database lease.
let sim: SimulatorProcess;
let client: MarketplaceClient;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  ({ client } = simulatorClient(sim));
});
afterAll(() => sim?.stop());
beforeEach(async () => {
  await sim.control("POST", "/reset");
  const db = getDb();
  await db.event.deleteMany();
  await db.subscription.deleteMany();
  await db.reconciliationRun.deleteMany();
});

type Bulk = { ids: string[] };
const seed = async (body: Record<string, unknown>): Promise<string[]> => {
  const res = await sim.control<Bulk>("POST", "/subscriptions/bulk", { seed: 11, ...body });
  expect(res.status).toBe(201);
  return res.body.ids;
};
const calls = async () => (await sim.control<{ total: Record<string, number> }>("GET", "/calls")).body.total;
const microsoftView = async (id: string) =>
  subscriptionColumns(toSubscriptionSnapshot(await client.getSubscription(id)));
const portalView = async (id: string) =>
  subscriptionColumns(stateOf(await getDb().subscription.findUniqueOrThrow({ where: { id } })));
const run = async (trigger = "test") => {
  const outcome = await reconcile(trigger, { client });
  if (!outcome.started) throw new Error(`not started: ${outcome.reason}`);
  return outcome.run;
};

describe("reconciliation", () => {
  it("stores every subscription from an empty portal (all statuses), one List call per page and no Get", async () => {
    await seed({ count: 250, statusMix: { Subscribed: 2, Unsubscribed: 1, Suspended: 1, PendingFulfillmentStart: 1 } });
    await sim.control("DELETE", "/calls");
    const finished = await run();
    expect(finished).toMatchObject({
      status: "Succeeded",
      pages: 3,
      checked: 250,
      created: 250,
      repaired: 0,
      errorMessage: null,
    });
    expect(finished.finishedAt).toBeInstanceOf(Date);
    const byStatus = await getDb().subscription.groupBy({ by: ["status"], _count: { _all: true } });
    expect(Object.fromEntries(byStatus.map((g) => [g.status, g._count._all]))).toMatchObject({
      Unsubscribed: expect.any(Number) as number,
      Suspended: expect.any(Number) as number,
    });
    expect(await getDb().subscription.count()).toBe(250);
    const audit = await getDb().event.findMany({ where: { action: "reconcile.created" } });
    expect(audit).toHaveLength(250);
    expect(
      audit.every((a) => a.actorType === "system" && a.actorId === "reconciliation" && a.requestId === finished.id),
    ).toBe(true);
    expect(await calls()).toMatchObject({ list: 3, get: 0 });
    expect(await listRunRepairs(finished, 500)).toHaveLength(250);
  });

  it("changes nothing and audits nothing when there is no drift", async () => {
    const ids = await seed({ count: 120 });
    await run();
    const before = await Promise.all(ids.map(portalView));
    const audits = await getDb().event.count();
    const again = await run();
    expect(again).toMatchObject({ status: "Succeeded", pages: 2, checked: 120, created: 0, repaired: 0 });
    expect(await Promise.all(ids.map(portalView))).toEqual(before);
    expect(await getDb().event.count()).toBe(audits);
  });

  it("repairs drift in every field — made at Microsoft (changes whose webhooks never arrived) or in the portal's rows — and audits each repair", async () => {
    const flat = await seed({
      count: 10,
      offerId: "fabrikam-cloud",
      planId: "basic",
      status: "Subscribed",
      cspShare: 0,
    });
    const seats = await seed({
      count: 30,
      offerId: "fabrikam-cloud",
      planId: "pro-seats",
      status: "Subscribed",
      cspShare: 0,
      seed: 12,
    });
    await run();
    const expected = new Map<string, string[]>();

    // Microsoft's side: the customer acts; the webhooks go nowhere (SIM_WEBHOOK_URL of test simulators).
    const event = async (id: string, name: string, body: Record<string, unknown> = {}) =>
      expect((await sim.control("POST", `/subscriptions/${id}/${name}`, body)).status).toBe(200);
    await event(flat[0]!, "change-plan", { planId: "metered" });
    expected.set(flat[0]!, ["planId"]);
    const seatsNow = (await client.getSubscription(seats[0]!)).quantity ?? 5;
    await event(seats[0]!, "change-quantity", { quantity: seatsNow === 500 ? 499 : seatsNow + 1 });
    expected.set(seats[0]!, ["quantity"]);
    await event(flat[1]!, "suspend");
    expected.set(flat[1]!, ["status"]);
    await event(flat[2]!, "cancel");
    expected.set(flat[2]!, ["status"]);
    await event(flat[3]!, "renew");
    expected.set(flat[3]!, ["termEndDate", "termStartDate"]);
    await event(flat[4]!, "auto-renew", { autoRenew: false });
    expected.set(flat[4]!, ["autoRenew"]);
    // Plan and seat changes wait for the publisher's answer (ACK window), then apply.
    await expect.poll(async () => (await client.getSubscription(flat[0]!)).planId, { timeout: 5_000 }).toBe("metered");
    await expect
      .poll(async () => (await client.getSubscription(seats[0]!)).quantity, { timeout: 5_000 })
      .not.toBe(seatsNow);

    // The portal's side: one column wrong in each of 23 other subscriptions.
    const past = new Date("2020-02-02T00:00:00Z");
    const edits: [string, (row: Record<string, unknown>) => unknown][] = [
      ["name", () => "Stale name"],
      ["publisherId", () => "someone-else"],
      ["offerId", () => "fabrikam-analytics"],
      ["planId", () => "enterprise"],
      ["quantity", (r) => Number(r.quantity) + 7],
      ["status", () => "Suspended"],
      ["beneficiaryEmail", () => "old@contoso.example"],
      ["beneficiaryObjectId", () => randomUUID()],
      ["beneficiaryTenantId", () => randomUUID()],
      ["purchaserEmail", () => "old@northwind.example"],
      ["purchaserObjectId", () => randomUUID()],
      ["purchaserTenantId", () => randomUUID()],
      ["termStartDate", () => past],
      ["termEndDate", () => past],
      ["termUnit", () => "P5Y"],
      ["chargeDuration", () => "P1M"],
      ["autoRenew", (r) => !r.autoRenew],
      ["isTest", (r) => !r.isTest],
      ["isFreeTrial", (r) => !r.isFreeTrial],
      ["sandboxType", () => "Csp"],
      ["sessionMode", () => "DryRun"],
      ["allowedCustomerOperations", () => ["Read"]],
      ["purchasedAt", () => past],
    ];
    expect(edits.map(([k]) => k).sort()).toEqual(
      Object.keys(
        subscriptionColumns(toSubscriptionSnapshot((await client.getSubscription(seats[1]!)) as Subscription)),
      ).sort(),
    );
    for (const [i, [column, value]] of edits.entries()) {
      const id = seats[i + 1]!;
      const row = (await getDb().subscription.findUniqueOrThrow({ where: { id } })) as unknown as Record<
        string,
        unknown
      >;
      await getDb().subscription.update({ where: { id }, data: { [column]: value(row) } });
      expected.set(id, [column]);
    }

    const auditsBefore = await getDb().event.count();
    const repairedRun = await run();
    expect(repairedRun).toMatchObject({ status: "Succeeded", checked: 40, created: 0, repaired: expected.size });
    expect(await getDb().event.count()).toBe(auditsBefore + expected.size);
    for (const [id, fields] of expected) {
      const [latest] = await listAuditFor("subscription", id);
      expect(latest, id).toMatchObject({
        actorType: "system",
        actorId: "reconciliation",
        action: "reconcile.repaired",
        requestId: repairedRun.id,
      });
      expect(Object.keys(latest!.after as object).sort(), id).toEqual(fields);
      expect(Object.keys(latest!.before as object).sort(), id).toEqual(fields);
      expect(await portalView(id), id).toEqual(await microsoftView(id));
    }
    const repairs = await listRunRepairs(repairedRun);
    expect(new Set(repairs.map((r) => r.subscriptionId))).toEqual(new Set(expected.keys()));
  });

  it("ends Failed with an actionable message when Microsoft fails mid-run, keeping what was repaired", async () => {
    const ids = await seed({ count: 350 });
    await run();
    // Drift on page 1 and on page 4.
    await getDb().subscription.update({ where: { id: ids[5]! }, data: { name: "Stale 1" } });
    await getDb().subscription.update({ where: { id: ids[305]! }, data: { name: "Stale 4" } });
    // The first List call answers normally (a zero-length hang), every later one fails.
    await injectFault(sim, { endpoint: "list", kind: "hang", hangMs: 0, count: 1 });
    await injectFault(sim, { endpoint: "list", kind: "error", count: 100 });
    const failed = await run("test:fault");
    await sim.control("DELETE", "/faults");
    expect(failed).toMatchObject({ status: "Failed", pages: 1, checked: 100, repaired: 1 });
    expect(failed.errorMessage).toMatch(
      /^Microsoft's List Subscriptions failed on page 2 \(after \d attempts\): Microsoft's marketplace service is not reachable or failing; try again in a few minutes\. The 1 page before it was reconciled and is kept\. The next run starts again from the first page\. Microsoft request id: [0-9a-f-]{36}\.$/,
    );
    expect((await getDb().subscription.findUniqueOrThrow({ where: { id: ids[5]! } })).name).not.toBe("Stale 1");
    expect((await getDb().subscription.findUniqueOrThrow({ where: { id: ids[305]! } })).name).toBe("Stale 4");
    expect(await run()).toMatchObject({ status: "Succeeded", repaired: 1 });
  });

  it("runs once when started twice at the same time; the second caller sees the first run's progress", async () => {
    await seed({ count: 500 });
    await injectFault(sim, { endpoint: "list", kind: "hang", hangMs: 150, count: 5 });
    await sim.control("DELETE", "/calls");
    const [a, b] = await Promise.all([
      startReconciliation("admin:a", { client }),
      startReconciliation("admin:b", { client }),
    ]);
    const started = [a, b].filter((o) => o.started);
    const refused = [a, b].filter((o) => !o.started);
    expect(started).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      started: false,
      reason: "running",
      run: { id: started[0]!.run.id, status: "Running" },
    });
    await expect
      .poll(async () => (await getRun(started[0]!.run.id))?.pages, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
    const meanwhile = await startReconciliation("admin:c", { client });
    expect(meanwhile).toMatchObject({ started: false, reason: "running", run: { id: started[0]!.run.id } });
    expect(meanwhile.run.pages).toBeGreaterThanOrEqual(1);
    const done = started[0]!.started ? await started[0]!.done : undefined;
    expect(done).toMatchObject({ status: "Succeeded", pages: 5, created: 500 });
    expect((await calls()).list).toBe(5);
    expect(await getDb().reconciliationRun.count()).toBe(1);
  });

  it("takes over a run whose instance crashed (stale heartbeat)", async () => {
    await seed({ count: 30 });
    const crashed = await claimRun("schedule", { staleAfterMs: 90_000, now: new Date(Date.now() - 10 * 60_000) });
    // Ten minutes without a heartbeat is alive for a generous threshold, dead for the default one.
    expect(await startReconciliation("admin:x", { client, staleAfterMs: 20 * 60_000 })).toMatchObject({
      started: false,
      reason: "running",
      run: { id: crashed.run.id },
    });
    const outcome = await startReconciliation("admin:x", { client });
    expect(outcome).toMatchObject({ started: true, tookOver: { id: crashed.run.id } });
    if (outcome.started) expect(await outcome.done).toMatchObject({ status: "Succeeded", created: 30 });
    const [, old] = await listRuns();
    expect(old).toMatchObject({ id: crashed.run.id, status: "Failed" });
    expect(old?.errorMessage).toContain("stopped responding");
  });

  it("stops writing when another instance took its run over", async () => {
    await seed({ count: 600 });
    await injectFault(sim, { endpoint: "list", kind: "hang", hangMs: 300, count: 6 });
    const outcome = await startReconciliation("schedule", { client });
    if (!outcome.started) throw new Error("not started");
    await expect.poll(async () => (await getRun(outcome.run.id))?.pages, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // Another instance believes this one is dead (its clock far ahead) and takes over.
    const other = await claimRun("schedule", { staleAfterMs: 60_000, now: new Date(Date.now() + 10 * 60_000) });
    expect(other).toMatchObject({ claimed: true, tookOver: { id: outcome.run.id } });
    const ended = await outcome.done;
    expect(ended.status).toBe("Failed");
    expect(ended.errorMessage).toMatch(/^Interrupted/);
    expect(ended.pages).toBeLessThan(6);
    const writtenBefore = await getDb().subscription.count();
    await new Promise((r) => setTimeout(r, 800));
    expect(await getDb().subscription.count()).toBe(writtenBefore);
    await finishRun(other.run.id, { status: "Succeeded" });
  });
});
