/**
 * The metering benchmark's population: metered subscriptions written straight into the simulator
 * (POST /_sim/subscriptions/bulk: Microsoft knows them, so it accepts their usage) and copied into the
 * portal's Subscription table as reconciliation would store them (the portal then learns their plan, its
 * dimensions and included quantities, from Microsoft's List Available Plans, as in production), plus an
 * API key with usage:write. The usage itself is generated here, deterministic for a seed.
 */
import { randomUUID } from "node:crypto";
import { generateApiKey } from "../../lib/domain/api-key-secret";
import type { UsageRecord } from "../../examples/usage-client/client";
import { control, withClient } from "./webhook-setup";

export const OFFER = "fabrikam-cloud";
export const PLAN = "metered";
/** The plan's dimensions and the units its monthly term includes (simulator/seed/offers.json). */
export const INCLUDED: Record<string, number> = { "api-calls": 1000, "storage-gb": 100 };

type SimSubscription = {
  id: string;
  name: string;
  publisherId?: string;
  offerId: string;
  planId: string;
  saasSubscriptionStatus: string;
  beneficiary?: { emailId?: string; objectId?: string; tenantId?: string };
  purchaser?: { emailId?: string; objectId?: string; tenantId?: string };
  term?: { startDate?: string; endDate?: string; termUnit?: string };
  created?: string;
};

/** `count` Subscribed subscriptions of the metered plan at the simulator and in the portal; returns their ids. */
export async function seedMeteredSubscriptions(simulator: string, dbUrl: string, count: number): Promise<string[]> {
  await control(simulator, "POST", "/subscriptions/bulk", {
    count,
    offerId: OFFER,
    planId: PLAN,
    status: "Subscribed",
    cspShare: 0,
    testShare: 0,
    createdWithinDays: 60,
    seed: 13,
  });
  const { subscriptions } = await control<{ subscriptions: SimSubscription[] }>(simulator, "GET", "/state");
  const subs = subscriptions.filter(
    (s) => s.offerId === OFFER && s.planId === PLAN && s.saasSubscriptionStatus === "Subscribed",
  );
  const column = <T>(pick: (s: SimSubscription) => T) => subs.map(pick);
  await withClient(dbUrl, (db) =>
    db.query(
      `INSERT INTO "Subscription" (id, name, "publisherId", "offerId", "planId", status, "beneficiaryEmail", "beneficiaryObjectId",
         "beneficiaryTenantId", "purchaserEmail", "purchaserObjectId", "purchaserTenantId", "termStartDate", "termEndDate", "termUnit",
         "purchasedAt", "activatedAt", "updatedAt")
       SELECT u.id, u.name, u.pub, u.offer, u.plan, 'Subscribed', u.be, u.bo, u.bt, u.pe, u.po, u.pt, u.ts, u.te, u.tu, u.created, u.created, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::timestamp[], $13::timestamp[], $14::text[], $15::timestamp[])
         AS u(id, name, pub, offer, plan, be, bo, bt, pe, po, pt, ts, te, tu, created)`,
      [
        column((s) => s.id),
        column((s) => s.name),
        column((s) => s.publisherId ?? null),
        column((s) => s.offerId),
        column((s) => s.planId),
        column((s) => s.beneficiary?.emailId ?? null),
        column((s) => s.beneficiary?.objectId ?? null),
        column((s) => s.beneficiary?.tenantId ?? null),
        column((s) => s.purchaser?.emailId ?? null),
        column((s) => s.purchaser?.objectId ?? null),
        column((s) => s.purchaser?.tenantId ?? null),
        column((s) => s.term?.startDate ?? null),
        column((s) => s.term?.endDate ?? null),
        column((s) => s.term?.termUnit ?? null),
        column((s) => s.created ?? null),
      ],
    ),
  );
  return subs.map((s) => s.id);
}

/** A usage:write key straight into the database, as an owner would create it on Admin → API keys. */
export async function insertUsageKey(dbUrl: string): Promise<string> {
  const { key, prefix, secretHash } = generateApiKey();
  await withClient(dbUrl, (db) =>
    db.query(`INSERT INTO "ApiKey" (id, name, prefix, "secretHash", scopes) VALUES ($1, $2, $3, $4, $5)`, [
      randomUUID(),
      `bench ${prefix}`,
      prefix,
      secretHash,
      ["usage:write"],
    ]),
  );
  return key;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Usage = {
  records: UsageRecord[];
  /** What Microsoft must bill per `subscriptionId|dimension`: the hour's sum above the included quantity. */
  expectedOverage: Map<string, number>;
};

/**
 * `total` records spread evenly over the subscriptions and both dimensions, all in `hourStart`'s hour, in
 * the order they happened (so each request carries many subscriptions, as an application's would). Each
 * (subscription, dimension) uses 1.25 to 2.25 times its included quantity whatever the number of records
 * (so that a smaller run still sends one event per pair): whole units for api-calls, half units for storage.
 */
export function generateUsage(subscriptions: readonly string[], total: number, hourStart: number, seed = 7): Usage {
  const random = prng(seed);
  const perPair = Math.ceil(total / (subscriptions.length * 2));
  const records: (UsageRecord & { at: number })[] = [];
  const sums = new Map<string, number>();
  for (const subscriptionId of subscriptions) {
    for (const dimension of Object.keys(INCLUDED)) {
      for (let i = 0; i < perPair && records.length < total; i++) {
        // A record's share of 1.25–2.25 × the included quantity, never below one step (1 or 0.5 units).
        const step = dimension === "api-calls" ? 1 : 0.5;
        const share = (INCLUDED[dimension]! * (1.25 + random())) / perPair;
        const quantity = Math.max(step, Math.round(share / step) * step);
        const at = hourStart + Math.floor(random() * 3_600_000);
        records.push({
          id: `${subscriptionId}:${dimension}:${i}`,
          subscriptionId,
          dimension,
          quantity,
          occurredAt: new Date(at).toISOString(),
          at,
        });
        const key = `${subscriptionId}|${dimension}`;
        sums.set(key, (sums.get(key) ?? 0) + quantity);
      }
    }
  }
  records.sort((a, b) => a.at - b.at);
  const expectedOverage = new Map(
    [...sums].map(([key, sum]) => [key, Math.max(0, sum - INCLUDED[key.split("|")[1]!]!)] as const),
  );
  return { records: records.map(({ at: _at, ...r }) => r), expectedOverage };
}
