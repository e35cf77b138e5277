import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { listFlaggedHours, listUsageHours, usageByDay, usageTotals } from "@/lib/data/usage-admin";
import { foldFlaggedHour, resolveFlaggedHour } from "@/lib/data/usage-corrections";
import type { MarketplaceClient } from "@/lib/marketplace";
import { simulatorClient } from "@/test/marketplace-support";
import { meteringSupport } from "@/test/metering-support";
import { startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { usageCsv } from "./csv";
import { submitUsage } from "./submit";

// What the admin usage page does with flagged hours (audited corrections) and what it reads, against the
// simulator: a folded hour's usage reaches Microsoft once, in the hour it was folded into.

let sim: SimulatorProcess;
let client: MarketplaceClient;
let m: ReturnType<typeof meteringSupport>;
const operator = { id: randomUUID(), label: "operator@fabrikam.example" };
const H = 3600_000;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  ({ client } = simulatorClient(sim));
  m = meteringSupport(sim, client);
});
afterAll(() => sim?.stop());

describe("corrections of flagged hours", () => {
  it("fold: an hour past its window moves, records and all, into the current hour and is sent once that ends", async () => {
    const sub = await m.meteredSubscription();
    await m.post(sub, [[30, 1500]]);
    await submitUsage({ client });
    const [expired] = await m.hoursOf(sub);
    expect(expired).toMatchObject({ state: "Flagged", included: 1000, overage: 500 });
    expect((await listFlaggedHours(100)).map((h) => h.id)).toContain(expired!.id);

    expect(await foldFlaggedHour(expired!.id, "customer confirmed the usage", operator)).toEqual({ ok: true });
    const [folded, into] = await m.hoursOf(sub);
    expect(folded).toMatchObject({ state: "Done", status: "Folded", ingested: 0, included: 0, overage: 0 });
    expect(into).toMatchObject({ state: "Pending", ingested: 1500, hourStart: new Date(m.at(0)) });
    expect(await getDb().usageRecord.count({ where: { usageHourId: into!.id } })).toBe(1);
    const audit = await getDb().event.findFirstOrThrow({ where: { type: "usage.corrected", subjectId: expired!.id } });
    expect(audit).toMatchObject({ actorType: "user", actorId: operator.id, action: "usage.folded" });

    // Not sent while its hour runs; once it ended, the included quantity the old hour gave back is used again.
    expect(await submitUsage({ client })).toMatchObject({ sent: 0 });
    expect(await submitUsage({ client, now: new Date(Date.now() + H) })).toMatchObject({ sent: 1, accepted: 1 });
    expect((await m.simUsage(sub)).map((u) => [u.effectiveStartTime, u.quantity])).toEqual([[m.at(0), 500]]);
    expect(await foldFlaggedHour(expired!.id, "again", operator)).toEqual({
      ok: false,
      reason: "This hour is not flagged (any more).",
    });
  });

  it("resolve: a person's note ends the flag; an hour Microsoft accepted an event for cannot be folded", async () => {
    const sub = await m.meteredSubscription();
    await m.post(sub, [
      [3, 1000],
      [2, 9],
    ]);
    await client.batchUsageEvent([
      { resourceId: sub, quantity: 4, dimension: "api-calls", effectiveStartTime: m.at(2), planId: "metered" },
    ]);
    await submitUsage({ client });
    const flagged = (await m.hoursOf(sub)).find((h) => h.state === "Flagged")!;
    expect(flagged.status).toBe("Duplicate");
    expect((await foldFlaggedHour(flagged.id, "try", operator)).ok).toBe(false);
    expect(
      await resolveFlaggedHour(flagged.id, "the old agent reported it; agreed with the customer", operator),
    ).toEqual({
      ok: true,
    });
    const resolved = (await m.hoursOf(sub)).find((h) => h.id === flagged.id)!;
    expect(resolved.state).toBe("Done");
    expect(resolved.note).toContain("Resolved by operator@fabrikam.example");
    expect(resolved.note).toContain("Microsoft already holds an event");
  });
});

describe("admin reads", () => {
  it("lists hours and totals of a period per offer, plan and dimension, and exports them", async () => {
    const sub = await m.meteredSubscription();
    await m.post(sub, [
      [3, 1200],
      [2, 50, "storage-gb"],
    ]);
    await submitUsage({ client });
    const period = { from: new Date(Date.now() - 5 * H), to: new Date(Date.now() + H), subscriptionId: sub };
    const hours = await listUsageHours(period, 10);
    expect(hours.map((h) => [h.dimension, h.status, h.overage, h.offerId, h.planId])).toEqual([
      ["storage-gb", "Included", 0, "fabrikam-cloud", "metered"],
      ["api-calls", "Accepted", 200, "fabrikam-cloud", "metered"],
    ]);
    expect(await usageTotals(period)).toEqual([
      expect.objectContaining({ dimension: "api-calls", ingested: 1200, included: 1000, sent: 200, flagged: 0 }),
      expect.objectContaining({ dimension: "storage-gb", ingested: 50, included: 50, sent: 0 }),
    ]);
    // The page's charts: every UTC day of the period, zeros included, adding up to the same totals.
    const days = await usageByDay(period);
    const dayOf = (d: Date) => d.toISOString().slice(0, 10);
    expect(days[0]!.day).toBe(dayOf(period.from));
    expect(days.at(-1)!.day).toBe(dayOf(new Date(period.to.getTime() - 1)));
    expect(days.reduce((t, d) => t + d.ingested, 0)).toBe(1250);
    expect(days.reduce((t, d) => t + d.sent, 0)).toBe(200);
    const csv = usageCsv(hours).split("\r\n");
    expect(csv).toHaveLength(4);
    expect(csv[2]).toContain(`,${sub},`);
    expect(csv[2]).toContain(",1200,1000,200,Done,Accepted,");
  });
});
