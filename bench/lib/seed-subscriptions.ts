/**
 * Seeds a realistic population of subscriptions straight into the portal's tables, for benchmarks: a few
 * offers whose plan ids overlap, per-seat and flat plans, monthly / yearly / 3-year terms, CSP purchases,
 * tests and trials, and a status mix skewed the way a living offer looks (most active, a tail of
 * cancellations, recent purchases still pending). Deterministic for a given seed, and fast: one
 * INSERT … SELECT FROM unnest(arrays) per few thousand rows, so 100 000 rows take seconds.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import { BENCH_PLANS, COMPANY, FIRST, LAST, STATUSES, WORKLOAD } from "./seed-data";

/** Deterministic pseudo-random numbers (mulberry32), so two runs seed the same population. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    let r = next() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [x, w] of xs) if ((r -= w) < 0) return x;
    return xs[xs.length - 1]![0];
  };
  return { next, int, pick, weighted };
}

/** A GUID-shaped id derived from a label (stable across runs). */
function guid(label: string): string {
  const h = createHash("sha1").update(label).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const COLUMNS = [
  ["id", "text"],
  ["name", "text"],
  ["publisherId", "text"],
  ["offerId", "text"],
  ["planId", "text"],
  ["quantity", "int"],
  ["status", '"SubscriptionStatus"'],
  ["beneficiaryEmail", "text"],
  ["beneficiaryObjectId", "text"],
  ["beneficiaryTenantId", "text"],
  ["purchaserEmail", "text"],
  ["purchaserObjectId", "text"],
  ["purchaserTenantId", "text"],
  ["termStartDate", "timestamp"],
  ["termEndDate", "timestamp"],
  ["termUnit", "text"],
  ["autoRenew", "boolean"],
  ["isTest", "boolean"],
  ["isFreeTrial", "boolean"],
  ["sandboxType", "text"],
  ["sessionMode", "text"],
  ["allowedCustomerOperations", "text"],
  ["purchasedAt", "timestamp"],
  ["activatedAt", "timestamp"],
  ["createdAt", "timestamp"],
] as const;
type Row = unknown[];

const DAY = 86_400_000;

function makeRow(r: ReturnType<typeof prng>, i: number, now: number): Row {
  const plan = r.weighted(BENCH_PLANS.map((p) => [p, p.weight] as const));
  const company = r.pick(COMPANY);
  const companyNo = r.int(1, 400);
  const domain = `${company}${companyNo}.example`;
  const tenant = guid(`tenant:${domain}`);
  const person = `${r.pick(FIRST)}.${r.pick(LAST)}`;
  const csp = r.next() < 0.08;
  const partner = `partner${r.int(1, 20)}.example`;
  const purchaserDomain = csp ? partner : domain;
  // Three years of purchases, more of them recently (a growing offer).
  const age = Math.floor(Math.pow(r.next(), 1.8) * 3 * 365 * DAY);
  const purchasedAt = now - age - r.int(0, DAY);
  let status = r.weighted(STATUSES);
  // A pending purchase is young: Microsoft gives up on it after a while.
  if (status === "PendingFulfillmentStart" && age > 45 * DAY && r.next() < 0.9) status = "Subscribed";
  const pending = status === "PendingFulfillmentStart";
  const activatedAt = pending || r.next() < 0.08 ? null : purchasedAt + Math.floor(Math.exp(r.next() * 9) * 1000);
  const term = r.pick(plan.terms);
  const quantity = plan.perSeat
    ? Math.min(plan.max ?? 1000, Math.max(plan.min ?? 1, Math.round((plan.min ?? 1) * Math.exp(r.next() * 3))))
    : null;
  const months = term.termUnit === "P1M" ? 1 : term.termUnit === "P1Y" ? 12 : 36;
  const termStart = activatedAt && !pending ? activatedAt : null;
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return [
    guid(`subscription:${i}`),
    `${company[0]!.toUpperCase()}${company.slice(1)} ${r.pick(WORKLOAD)} ${i}`,
    "fabrikam",
    plan.offerId,
    plan.planId,
    quantity,
    status,
    `${person}@${domain}`,
    guid(`user:${person}@${domain}`),
    tenant,
    `${csp ? `reseller.${r.pick(LAST)}` : person}@${purchaserDomain}`,
    guid(`user:${person}@${purchaserDomain}`),
    csp ? guid(`tenant:${purchaserDomain}`) : tenant,
    iso(termStart),
    iso(termStart === null ? null : termStart + months * 30 * DAY),
    term.termUnit,
    r.next() > 0.1,
    r.next() < 0.02,
    plan.planId === "trial" && age < 30 * DAY,
    r.next() < 0.005 ? "Csp" : "None",
    r.next() < 0.005 ? "DryRun" : "None",
    csp ? "Read" : "Read,Update,Delete",
    iso(purchasedAt),
    iso(activatedAt),
    iso(purchasedAt + r.int(1_000, 120_000)),
  ];
}

/** Inserts the bench catalogue into Plan (prices as Microsoft's recurrentBillingTerms). */
async function seedPlans(client: pg.Client) {
  for (const p of BENCH_PLANS) {
    const prices = p.terms.map((t) => ({ ...t, termDescription: t.termUnit, meteredQuantityIncluded: [] }));
    await client.query(
      `INSERT INTO "Plan" (id, "offerId", "planId", "displayName", "isPricePerSeat", "hasFreeTrials", "minQuantity", "maxQuantity", market, prices, "updatedAt")
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, 'US', $9::jsonb, now()) ON CONFLICT ("offerId", "planId") DO NOTHING`,
      [
        guid(`plan:${p.offerId}/${p.planId}`),
        p.offerId,
        p.planId,
        p.displayName,
        p.perSeat,
        p.planId === "trial",
        p.min ?? null,
        p.max ?? null,
        JSON.stringify(prices),
      ],
    );
  }
}

/**
 * Inserts `count` subscriptions (and the plan catalogue). searchText is built in SQL the way
 * lib/data/subscriptions.ts builds it (name, ids, offer, plan, e-mails and tenant ids, lower-cased).
 */
export async function seedSubscriptions(
  url: string,
  count: number,
  options: { seed?: number; batch?: number; now?: Date; onProgress?: (done: number) => void } = {},
): Promise<void> {
  const r = prng(options.seed ?? 42);
  const now = (options.now ?? new Date()).getTime();
  const batch = options.batch ?? 5_000;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await seedPlans(client);
    const params = COLUMNS.map(([, type], i) => `$${i + 1}::${type === "timestamp" ? "timestamptz" : type}[]`).join(
      ", ",
    );
    const names = COLUMNS.map(([name]) => `"${name}"`);
    const select = COLUMNS.map(([name, type]) => {
      if (type === "timestamp") return `(t."${name}" AT TIME ZONE 'UTC')`;
      if (name === "allowedCustomerOperations") return `string_to_array(t."${name}", ',')`;
      return `t."${name}"`;
    });
    const sql = `INSERT INTO "Subscription" (${names.join(", ")}, "searchText", "updatedAt")
      SELECT ${select.join(", ")},
        lower(concat_ws(' ', t.name, t.id, t."offerId", t."planId", t."beneficiaryEmail", t."beneficiaryTenantId", t."purchaserEmail", t."purchaserTenantId")),
        now() AT TIME ZONE 'UTC'
      FROM unnest(${params}) AS t(${names.join(", ")})`;
    for (let start = 0; start < count; start += batch) {
      const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => makeRow(r, start + k, now));
      await client.query(
        sql,
        COLUMNS.map((_, c) => rows.map((row) => row[c])),
      );
      options.onProgress?.(start + rows.length);
    }
    await client.query(`ANALYZE "Subscription"`);
    await client.query(`ANALYZE "Plan"`);
  } finally {
    await client.end();
  }
}
