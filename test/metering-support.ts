/**
 * For metering's integration tests: metered subscriptions activated at a simulator process and known to
 * the portal, usage posted as the API does, and what the simulator (Microsoft) recorded.
 */
import { randomUUID } from "node:crypto";
import type { MarketplaceClient } from "@/lib/marketplace";
import { toSubscriptionSnapshot } from "@/lib/marketplace";
import { getDb } from "@/lib/db";
import { syncSubscription } from "@/lib/data/subscription-store";
import { hourFloor } from "@/lib/data/usage-rollup";
import { ingestUsage } from "@/lib/metering/ingest";
import { purchase } from "./marketplace-support";
import type { SimulatorProcess } from "./simulator";

const H = 3600_000;
const apiKeyId = randomUUID();

export type SimUsage = {
  usageEventId: string;
  resourceId: string;
  dimension: string;
  quantity: number;
  effectiveStartTime: string;
};

export function meteringSupport(sim: SimulatorProcess, client: MarketplaceClient) {
  /** A metered purchase, activated at the simulator and known to the portal. */
  async function meteredSubscription(): Promise<string> {
    const { subscriptionId } = await purchase(sim, { offerId: "fabrikam-cloud", planId: "metered" });
    await client.activate(subscriptionId, { planId: "metered" });
    await syncSubscription(toSubscriptionSnapshot(await client.getSubscription(subscriptionId)), {
      actor: { type: "microsoft" },
      action: "test.sync",
    });
    // Microsoft starts the term on the day of activation; the tests' hours reach back before today.
    await getDb().subscription.update({
      where: { id: subscriptionId },
      data: { termStartDate: new Date(Date.now() - 3 * 24 * H) },
    });
    return subscriptionId;
  }

  const simUsage = async (resourceId: string) =>
    (await sim.control<{ usage: SimUsage[] }>("GET", "/state")).body.usage
      .filter((u) => u.resourceId === resourceId)
      .sort(
        (a, b) => a.effectiveStartTime.localeCompare(b.effectiveStartTime) || a.dimension.localeCompare(b.dimension),
      );
  const batchCalls = async () =>
    (await sim.control<{ total: Record<string, number> }>("GET", "/calls")).body.total.batchUsageEvent ?? 0;
  const hoursOf = (subscriptionId: string) =>
    getDb().usageHour.findMany({ where: { subscriptionId }, orderBy: [{ hourStart: "asc" }, { dimension: "asc" }] });

  /** Posts usage as the API does; `hoursBack` counts from the start of the current hour, plus `minute`. */
  async function post(
    subscriptionId: string,
    entries: [hoursBack: number, quantity: number, dimension?: string][],
    minute = 10,
  ) {
    const base = hourFloor(new Date()).getTime();
    const outcome = await ingestUsage({
      apiKeyId,
      apiKeyPrefix: "mkp_test",
      client,
      records: entries.map(([back, quantity, dimension = "api-calls"]) => ({
        subscriptionId,
        dimension,
        quantity,
        occurredAt: new Date(base - back * H + minute * 60_000).toISOString(),
      })),
    });
    if (outcome.kind !== "answer" || outcome.answer.refused) throw new Error(JSON.stringify(outcome));
  }
  const at = (hoursBack: number) => new Date(hourFloor(new Date()).getTime() - hoursBack * H).toISOString();
  return { meteredSubscription, simUsage, batchCalls, hoursOf, post, at };
}
