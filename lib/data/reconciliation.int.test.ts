import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { listAuditFor } from "./events";
import { claimRun, finishRun, listRunRepairs, listRuns, touchRun } from "./reconciliation";
import { RECONCILIATION_ACTOR, syncSubscriptionPage } from "./reconciliation-sync";
import { subscriptionColumns } from "./subscription-columns";
import { getSubscription } from "./subscriptions";
import { syncSubscription } from "./subscription-store";

const STALE = 60_000;

beforeEach(async () => {
  await getDb().reconciliationRun.deleteMany();
});

describe("claiming a run (one at a time, decided in the database)", () => {
  it("gives the run to exactly one of many simultaneous claimers; the others see it", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => claimRun(`test:${i}`, { staleAfterMs: STALE })),
    );
    const winners = outcomes.filter((o) => o.claimed);
    expect(winners).toHaveLength(1);
    const runId = winners[0]!.run.id;
    for (const o of outcomes.filter((x) => !x.claimed))
      expect(o).toMatchObject({ claimed: false, reason: "running", run: { id: runId } });
    expect(await getDb().reconciliationRun.count({ where: { status: "Running" } })).toBe(1);
  });

  it("takes over a run whose heartbeat stopped, ending it Failed with a message", async () => {
    const old = await claimRun("schedule", { staleAfterMs: STALE, now: new Date(Date.now() - 10 * 60_000) });
    expect(old.claimed).toBe(true);
    const next = await claimRun("admin:x", { staleAfterMs: STALE });
    expect(next).toMatchObject({ claimed: true, tookOver: { id: old.run.id, status: "Failed" } });
    const [latest, previous] = await listRuns();
    expect(latest?.status).toBe("Running");
    expect(previous).toMatchObject({ id: old.run.id, status: "Failed" });
    expect(previous?.errorMessage).toMatch(/^Interrupted: the portal instance running it stopped responding/);
    // The old run's late writes are refused: it notices it lost its lease.
    expect(await touchRun(old.run.id, { pages: 1 })).toBe(false);
    expect(await finishRun(old.run.id, { status: "Succeeded" })).toBe(false);
    expect((await listRuns())[1]?.status).toBe("Failed");
  });

  it("keeps a live run (fresh heartbeat) and renews its lease with progress", async () => {
    const first = await claimRun("schedule", { staleAfterMs: STALE, now: new Date(Date.now() - 50_000) });
    expect(await touchRun(first.run.id, { pages: 2, checked: 200, created: 3 })).toBe(true);
    expect(await claimRun("admin:x", { staleAfterMs: STALE })).toMatchObject({ claimed: false, reason: "running" });
    expect((await listRuns())[0]).toMatchObject({ pages: 2, checked: 200, created: 3, repaired: 0 });
    expect(await finishRun(first.run.id, { status: "Succeeded" })).toBe(true);
    expect((await claimRun("admin:x", { staleAfterMs: STALE })).claimed).toBe(true);
  });

  it("skips a scheduled run when one started recently (several instances share one schedule)", async () => {
    const done = await claimRun("schedule", { staleAfterMs: STALE });
    await finishRun(done.run.id, { status: "Succeeded" });
    expect(await claimRun("schedule", { staleAfterMs: STALE, skipIfStartedWithinMs: 60_000 })).toMatchObject({
      claimed: false,
      reason: "recent",
    });
    expect(
      (await claimRun("schedule", { staleAfterMs: STALE, skipIfStartedWithinMs: 1, now: new Date(Date.now() + 10) }))
        .claimed,
    ).toBe(true);
  });
});

describe("syncing a page of subscriptions", () => {
  const context = (runId: string) => ({ runId, requestedAt: new Date() });

  it("writes exactly what syncSubscription writes, and audits like it with the reconciliation actor", async () => {
    const base = subscriptionInput({
      status: "Subscribed",
      term: {
        startDate: new Date("2026-11-05T00:00:00Z"),
        endDate: new Date("2026-12-04T00:00:00Z"),
        termUnit: "P1M",
        chargeDuration: null,
      },
    });
    const viaSync = { ...base, id: crypto.randomUUID() };
    const viaPage = { ...base, id: crypto.randomUUID() };
    await syncSubscription(viaSync, { actor: RECONCILIATION_ACTOR, action: "reconcile.created" });
    const runId = crypto.randomUUID();
    expect(await syncSubscriptionPage([viaPage], context(runId))).toEqual({
      checked: 1,
      created: 1,
      repaired: 0,
      newer: 0,
    });
    const strip = ({
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      lastSyncedAt: _l,
      searchText,
      ...rest
    }: NonNullable<Awaited<ReturnType<typeof getSubscription>>>) => ({
      ...rest,
      searchText: searchText.replace(/\S{36}/g, ""),
    });
    expect(strip((await getSubscription(viaPage.id))!)).toEqual(strip((await getSubscription(viaSync.id))!));
    const [a] = await listAuditFor("subscription", viaSync.id);
    const [b] = await listAuditFor("subscription", viaPage.id);
    expect(b).toMatchObject({
      actorType: "system",
      actorId: "reconciliation",
      action: "reconcile.created",
      requestId: runId,
      after: a?.after,
    });
    expect(Object.keys(subscriptionColumns(base)).sort()).toEqual(Object.keys(a?.after as object).sort());

    // A later drift: both paths audit the same before/after.
    const drifted = { planId: "enterprise", quantity: 60, autoRenew: false };
    await syncSubscription({ ...viaSync, ...drifted }, { actor: RECONCILIATION_ACTOR, action: "reconcile.repaired" });
    expect(await syncSubscriptionPage([{ ...viaPage, ...drifted }], context(runId))).toMatchObject({ repaired: 1 });
    const [a2] = await listAuditFor("subscription", viaSync.id);
    const [b2] = await listAuditFor("subscription", viaPage.id);
    expect({ before: b2?.before, after: b2?.after }).toEqual({ before: a2?.before, after: a2?.after });
  });

  it("writes nothing and audits nothing when nothing differs", async () => {
    const input = subscriptionInput();
    await syncSubscriptionPage([input], context("r1"));
    const before = await getSubscription(input.id);
    const result = await syncSubscriptionPage([input, input], context("r2"));
    expect(result).toEqual({ checked: 1, created: 0, repaired: 0, newer: 0 });
    expect(await getSubscription(input.id)).toEqual(before);
    expect(await listAuditFor("subscription", input.id)).toHaveLength(1);
  });

  it("stores dates as UTC and keeps JSON audit values exactly (raw multi-row inserts)", async () => {
    const input = subscriptionInput({
      purchasedAt: new Date("2026-03-29T01:30:00.123Z"),
      term: { startDate: new Date("2026-03-29T00:00:00Z"), endDate: null, termUnit: "P1Y", chargeDuration: "P1M" },
      quantity: null,
      allowedCustomerOperations: ["Read"],
    });
    await syncSubscriptionPage([input], context("r"));
    const stored = await getSubscription(input.id);
    expect(stored?.purchasedAt?.toISOString()).toBe("2026-03-29T01:30:00.123Z");
    expect(stored).toMatchObject({
      termEndDate: null,
      quantity: null,
      chargeDuration: "P1M",
      allowedCustomerOperations: ["Read"],
    });
    expect(Math.abs(stored!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    const [entry] = await listAuditFor("subscription", input.id);
    expect(entry?.before).toBeNull();
    expect(entry?.after).toMatchObject({
      purchasedAt: "2026-03-29T01:30:00.123Z",
      termEndDate: null,
      quantity: null,
      allowedCustomerOperations: ["Read"],
    });
    expect(Math.abs(entry!.at.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("leaves alone a row synced with Microsoft after the page was requested (the page is older)", async () => {
    const input = subscriptionInput({ status: "Subscribed" });
    const requestedAt = new Date();
    await syncSubscription(
      { ...input, status: "Suspended" },
      { actor: { type: "microsoft" }, action: "webhook.Suspend" },
      new Date(requestedAt.getTime() + 5),
    );
    expect(await syncSubscriptionPage([input], { runId: "r", requestedAt })).toMatchObject({ newer: 1, repaired: 0 });
    expect((await getSubscription(input.id))?.status).toBe("Suspended");
  });

  it("rolls the whole page back when the progress write refuses (lease lost)", async () => {
    const inputs = [subscriptionInput(), subscriptionInput()];
    await expect(
      syncSubscriptionPage(inputs, {
        runId: "r",
        requestedAt: new Date(),
        onWritten: async () => Promise.reject(new Error("lease lost")),
      }),
    ).rejects.toThrow("lease lost");
    expect(await getSubscription(inputs[0]!.id)).toBeNull();
    expect(await listAuditFor("subscription", inputs[1]!.id)).toHaveLength(0);
  });

  it("lists what a run created and repaired, with the fields it changed", async () => {
    const run = await claimRun("admin:x", { staleAfterMs: STALE });
    const input = subscriptionInput();
    await syncSubscriptionPage([input], context(run.run.id));
    await syncSubscriptionPage([{ ...input, name: "Renamed", isTest: true }], {
      runId: run.run.id,
      requestedAt: new Date(Date.now() + 1_000),
    });
    await finishRun(run.run.id, { status: "Succeeded" });
    const repairs = await listRunRepairs((await listRuns())[0]!);
    expect(repairs.map((r) => [r.action, r.subscriptionId, r.fields.sort()])).toEqual([
      ["reconcile.repaired", input.id, ["isTest", "name"]],
      ["reconcile.created", input.id, expect.arrayContaining(["planId", "status"])],
    ]);
  });
});
