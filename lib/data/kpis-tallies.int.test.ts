import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { deployMigrations } from "@/scripts/db/commands";
import { startEmbeddedDb } from "@/scripts/embedded-db";
import { adminQuery, withDatabase } from "@/test/postgres";
import { getDb, inTransaction, isEmbeddedDatabase } from "@/lib/db";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import {
  ACTIVATION_DAYS,
  activationTimes,
  OVERVIEW_PARTS,
  pendingAges,
  PENDING_BUCKETS,
  PURCHASE_DAYS,
  purchasesPerDay,
  type OverviewOptions,
} from "./kpis";
import { syncSubscriptionPage } from "./reconciliation-sync";

/**
 * The overview's tallies are kept by triggers on "Subscription" (migration overview_tallies). After every
 * kind of write they must equal a full count of the subscriptions, and the overview read from them must
 * equal the overview counted over every row (the queries it used before the tallies, kept here).
 */

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
const PLANS = [
  ["cloud", "basic"],
  ["cloud", "seats"],
  ["analytics", "basic"],
  ["eu", "standard"],
] as const;
const STATUSES = ["PendingFulfillmentStart", "Subscribed", "Suspended", "Unsubscribed"] as const;
const TERMS = ["P1M", "P1Y", null] as const;

/** Deterministic pseudo-random numbers (mulberry32): a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  return { next, pick };
}
const r = prng(11);
let serial = 0;

/** A subscription with every figure-bearing column drawn at random (tests, trials, terms, seats, days, activation). */
function randomRow(): Prisma.SubscriptionCreateManyInput {
  const [offerId, planId] = r.pick(PLANS);
  const purchasedAt =
    r.next() < 0.1
      ? null
      : new Date(NOW.getTime() - Math.floor(r.next() * 120 * DAY) + (r.next() < 0.05 ? 6 * 3_600_000 : 0));
  const activated =
    purchasedAt && r.next() < 0.7
      ? new Date(purchasedAt.getTime() + (r.next() < 0.1 ? -60_000 : Math.floor(r.next() * 3 * DAY)))
      : null;
  return {
    id: `sub-${++serial}`,
    name: `Subscription ${serial}`,
    offerId,
    planId,
    status: r.pick(STATUSES),
    quantity: planId === "seats" ? 1 + Math.floor(r.next() * 50) : null,
    termUnit: r.pick(TERMS),
    isTest: r.next() < 0.1,
    sessionMode: r.next() < 0.05 ? "DryRun" : "None",
    isFreeTrial: r.next() < 0.1,
    purchasedAt,
    activatedAt: activated,
    createdAt: new Date(NOW.getTime() - Math.floor(r.next() * 60 * DAY)),
  };
}

/** One change of a figure-bearing column, as Microsoft's events and the portal's own writes make them. */
function randomChange(): Prisma.SubscriptionUpdateInput {
  const row = randomRow();
  switch (Math.floor(r.next() * 8)) {
    case 0:
      return { status: row.status };
    case 1:
      return { offerId: row.offerId, planId: row.planId, quantity: row.quantity };
    case 2:
      return { quantity: r.next() < 0.2 ? null : 1 + Math.floor(r.next() * 80) };
    case 3:
      return { isTest: r.next() < 0.5, sessionMode: r.next() < 0.2 ? "DryRun" : "None" };
    case 4:
      return { termUnit: row.termUnit, isFreeTrial: row.isFreeTrial };
    case 5:
      return { purchasedAt: row.purchasedAt, createdAt: row.createdAt };
    case 6:
      return { activatedAt: row.activatedAt };
    default:
      return {
        status: row.status,
        planId: row.planId,
        quantity: row.quantity,
        activatedAt: row.activatedAt,
        isTest: row.isTest,
      };
  }
}

async function someIds(n: number): Promise<string[]> {
  const ids = (await getDb().subscription.findMany({ select: { id: true } })).map((s) => s.id);
  return Array.from({ length: Math.min(n, ids.length) }, () => r.pick(ids));
}

type Query = <T>(sql: Prisma.Sql) => Promise<T[]>;
const raw: Query = (sql) => getDb().$queryRaw(sql);
const TEST = Prisma.sql`("isTest" OR "sessionMode" = 'DryRun')`;

/** Every figure counted over every subscription. */
async function fullCount(query: Query = raw) {
  return {
    groups: await query(Prisma.sql`
      SELECT ${TEST} AS test, "status"::text AS status, "offerId", "planId", COALESCE("termUnit", '') AS "termUnit", "isFreeTrial", count(*)::int AS subscriptions, COALESCE(sum("quantity"), 0)::int AS seats
      FROM "Subscription" GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`),
    purchases: await query(Prisma.sql`
      SELECT to_char("purchasedAt"::date, 'YYYY-MM-DD') AS day, ${TEST} AS test, count(*)::int AS n
      FROM "Subscription" WHERE "purchasedAt" IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`),
    activations: await query(Prisma.sql`
      SELECT "id", ${TEST} AS test, "purchasedAt", extract(epoch FROM "activatedAt" - "purchasedAt")::float8 AS seconds
      FROM "Subscription" WHERE "activatedAt" >= "purchasedAt" ORDER BY 1`),
    pending: await query(Prisma.sql`
      SELECT "id", ${TEST} AS test, COALESCE("purchasedAt", "createdAt") AS since FROM "Subscription" WHERE "status" = 'PendingFulfillmentStart' ORDER BY 1`),
  };
}

/** The same figures as the tallies hold them (summed over shards; a group or day that emptied may stay as zeros). */
async function tallied(query: Query = raw) {
  return {
    groups: await query(Prisma.sql`
      SELECT "test", "status"::text AS status, "offerId", "planId", "termUnit", "isFreeTrial", sum("subscriptions")::int AS subscriptions, sum("seats")::int AS seats
      FROM "SubscriptionTally" GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum("subscriptions") <> 0 OR sum("seats") <> 0 ORDER BY 1, 2, 3, 4, 5, 6`),
    purchases: await query(Prisma.sql`
      SELECT to_char("day", 'YYYY-MM-DD') AS day, "test", sum("purchases")::int AS n FROM "PurchaseTally" GROUP BY 1, 2 HAVING sum("purchases") <> 0 ORDER BY 1, 2`),
    activations: await query(
      Prisma.sql`SELECT "subscriptionId" AS id, "test", "purchasedAt", "seconds" FROM "SubscriptionActivation" ORDER BY 1`,
    ),
    pending: await query(Prisma.sql`SELECT "subscriptionId" AS id, "test", "since" FROM "PendingPurchase" ORDER BY 1`),
  };
}

type Group = { status: string; offerId: string; planId: string; termUnit: string | null; isFreeTrial: boolean };
const groupKey = (g: Group) => [g.status, g.offerId, g.planId, g.termUnit ?? "", String(g.isFreeTrial)].join("/");
const sortGroups = (groups: Group[]) => [...groups].sort((a, b) => groupKey(a).localeCompare(groupKey(b)));

const at = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/** The overview's parts as lib/data/kpis.ts computed them before the tallies: over every subscription. */
async function scannedParts(o: OverviewOptions & { now: Date }) {
  const scope = o.includeTest ? Prisma.sql`TRUE` : Prisma.sql`NOT ${TEST}`;
  const today = Date.UTC(o.now.getUTCFullYear(), o.now.getUTCMonth(), o.now.getUTCDate());
  const since = new Date(today - (PURCHASE_DAYS - 1) * DAY);
  const days = await raw<{ day: string; n: number }>(Prisma.sql`
    SELECT to_char(date_trunc('day', "purchasedAt"), 'YYYY-MM-DD') AS day, count(*)::int AS n
    FROM "Subscription" WHERE "purchasedAt" >= ${at(since)} AND "purchasedAt" <= ${at(o.now)} AND ${scope} GROUP BY 1`);
  const [activation] = await raw<{ n: number; p50: number | null; p90: number | null }>(Prisma.sql`
    SELECT count(*)::int AS n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "activatedAt" - "purchasedAt")::float8) AS p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM "activatedAt" - "purchasedAt")::float8) AS p90
    FROM "Subscription" WHERE "activatedAt" IS NOT NULL AND "purchasedAt" >= ${at(new Date(o.now.getTime() - ACTIVATION_DAYS * DAY))} AND "activatedAt" >= "purchasedAt" AND ${scope}`);
  const ages = await raw<{ age: number }>(Prisma.sql`
    SELECT extract(epoch FROM ${at(o.now)} - COALESCE("purchasedAt", "createdAt"))::float8 AS age FROM "Subscription" WHERE "status" = 'PendingFulfillmentStart' AND ${scope}`);
  const groups = await raw(Prisma.sql`
    SELECT "status"::text AS status, "offerId", "planId", "termUnit", "isFreeTrial", count(*)::int AS subscriptions, COALESCE(sum("quantity"), 0)::float8 AS seats
    FROM "Subscription" WHERE ${scope} GROUP BY 1, 2, 3, 4, 5`);
  const perDay = new Map(days.map((d) => [d.day, d.n]));
  const hours = (a: number) => a / 3_600;
  return {
    groups: sortGroups(groups as Group[]),
    purchasesPerDay: Array.from({ length: PURCHASE_DAYS }, (_, i) => {
      const day = new Date(since.getTime() + i * DAY).toISOString().slice(0, 10);
      return { day, count: perDay.get(day) ?? 0 };
    }),
    activation: {
      count: activation?.n ?? 0,
      medianSeconds: activation?.p50 ?? null,
      p90Seconds: activation?.p90 ?? null,
    },
    pending: {
      total: ages.length,
      oldestSeconds: ages.length ? Math.max(...ages.map((a) => a.age)) : null,
      buckets: PENDING_BUCKETS.map((b, i) => {
        const lower = i === 0 ? null : PENDING_BUCKETS[i - 1]!.upToHours;
        const count = ages.filter(
          (a) => (lower === null || hours(a.age) >= lower) && (b.upToHours === null || hours(a.age) < b.upToHours),
        ).length;
        return { label: b.label, count };
      }),
    },
  };
}

/** The tallies equal a full count, and every part of the overview equals its full-scan version. */
async function expectExact() {
  expect(await tallied()).toEqual(await fullCount());
  for (const includeTest of [false, true]) {
    for (const now of [NOW, new Date(NOW.getTime() + 3 * 3_600_000)]) {
      const o = { includeTest, now };
      const scanned = await scannedParts(o);
      expect(sortGroups((await OVERVIEW_PARTS.groups!(o, getDb())) as Group[])).toEqual(scanned.groups);
      expect(await purchasesPerDay(o)).toEqual(scanned.purchasesPerDay);
      expect(await activationTimes(o)).toEqual(scanned.activation);
      const pending = await pendingAges(o);
      expect({
        ...pending,
        oldestSeconds: pending.oldestSeconds === null ? null : Math.round(pending.oldestSeconds),
      }).toEqual({
        ...scanned.pending,
        oldestSeconds: scanned.pending.oldestSeconds === null ? null : Math.round(scanned.pending.oldestSeconds),
      });
    }
  }
}

const tallyRows = () =>
  raw(
    Prisma.sql`SELECT 'g' AS t, to_jsonb(x) AS row FROM "SubscriptionTally" x UNION ALL SELECT 'p', to_jsonb(y) FROM "PurchaseTally" y ORDER BY 1, 2`,
  );

describe("overview tallies kept by the database", () => {
  it("start empty, and count inserted subscriptions, row by row and many rows in one statement", async () => {
    expect(await tallied()).toEqual({ groups: [], purchases: [], activations: [], pending: [] });
    await getDb().subscription.createMany({ data: Array.from({ length: 200 }, randomRow) });
    for (let i = 0; i < 10; i++) await getDb().subscription.create({ data: randomRow() });
    expect((await tallied()).groups.length).toBeGreaterThan(20);
    await expectExact();
  });

  it("follow updates of status, plan, seats, term, trial, test flags, purchase and activation times", async () => {
    for (const id of await someIds(150)) await getDb().subscription.update({ where: { id }, data: randomChange() });
    // Many rows in one statement, as a bulk repair would write them.
    await getDb().subscription.updateMany({
      where: { planId: "basic", status: "Subscribed" },
      data: { status: "Suspended" },
    });
    await getDb().subscription.updateMany({ where: { planId: "seats" }, data: { quantity: { increment: 3 } } });
    await getDb()
      .$executeRaw`UPDATE "Subscription" SET "purchasedAt" = "purchasedAt" - interval '1 day' WHERE "offerId" = 'eu'`;
    // An upsert: existing rows take the UPDATE path (its triggers), new ones the INSERT path.
    const [first, second] = [...new Set(await someIds(10))];
    await getDb().$executeRaw`
      INSERT INTO "Subscription" ("id", "name", "offerId", "planId", "status", "quantity", "updatedAt")
      VALUES (${first}, 'upserted', 'cloud', 'seats', 'Unsubscribed', 12, now()), (${second}, 'upserted', 'eu', 'standard', 'Subscribed', NULL, now()),
             ('upsert-new', 'upserted', 'cloud', 'basic', 'PendingFulfillmentStart', NULL, now())
      ON CONFLICT ("id") DO UPDATE SET "offerId" = EXCLUDED."offerId", "planId" = EXCLUDED."planId", "status" = EXCLUDED."status", "quantity" = EXCLUDED."quantity"`;
    await expectExact();
  });

  it("do not move on updates that change no figure (a sync's timestamp, the search text)", async () => {
    const before = await tallyRows();
    const ids = await someIds(20);
    await getDb().subscription.updateMany({
      where: { id: { in: ids } },
      data: { lastSyncedAt: new Date(), searchText: "touched", name: "Renamed" },
    });
    expect(await tallyRows()).toEqual(before);
    await expectExact();
  });

  it("follow deletes, one at a time and many at once", async () => {
    for (const id of new Set(await someIds(15))) await getDb().subscription.delete({ where: { id } });
    await getDb().subscription.deleteMany({ where: { offerId: "analytics", status: "Unsubscribed" } });
    await expectExact();
  });

  it("are rolled back with the transaction that wrote the subscriptions", async () => {
    const before = await tallied();
    const ids = await someIds(10);
    const failed = inTransaction(async (tx) => {
      await tx.subscription.createMany({ data: Array.from({ length: 5 }, randomRow) });
      for (const id of ids) await tx.subscription.update({ where: { id }, data: randomChange() });
      await tx.subscription.deleteMany({ where: { status: "Suspended" } });
      throw new Error("rolled back on purpose");
    });
    await expect(failed).rejects.toThrow("rolled back on purpose");
    expect(await tallied()).toEqual(before);
    await expectExact();
  });

  it("follow a reconciliation batch: new subscriptions in one statement and repairs in the same transaction", async () => {
    const existing = await getDb().subscription.findMany({ take: 50, orderBy: { id: "asc" } });
    const repaired = existing.map((s, i) =>
      subscriptionInput({
        id: s.id,
        offerId: s.offerId,
        planId: i % 2 ? "seats" : s.planId,
        quantity: i % 2 ? 7 : s.quantity,
        status: i % 3 ? "Subscribed" : "Unsubscribed",
        isTest: s.isTest,
        purchasedAt: s.purchasedAt,
      }),
    );
    const created = Array.from({ length: 50 }, (_, i) =>
      subscriptionInput({
        id: `batch-${i}`,
        offerId: "cloud",
        planId: i % 2 ? "seats" : "basic",
        quantity: i % 2 ? i : null,
        status: "Subscribed",
        purchasedAt: new Date(NOW.getTime() - i * DAY),
      }),
    );
    const result = await syncSubscriptionPage([...repaired, ...created], {
      runId: "tally-test",
      requestedAt: new Date(),
      now: NOW,
    });
    expect(result.created).toBe(50);
    expect(result.repaired).toBeGreaterThan(25);
    await expectExact();
  });

  it("stay exact under concurrent writers crossing the same plans in different orders (no deadlock, no lost count)", async () => {
    const ids = [...new Set(await someIds(120))];
    const writers = Array.from({ length: 8 }, (_, w) =>
      inTransaction(async (tx) => {
        const mine = ids.filter((_, i) => i % 8 === w);
        for (const id of w % 2 ? mine.reverse() : mine)
          await tx.subscription.update({ where: { id }, data: randomChange() });
        await tx.subscription.createMany({ data: Array.from({ length: 3 }, randomRow) });
      }),
    );
    const outcomes = await Promise.allSettled(writers);
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    await expectExact();
  });

  it("let two open transactions add to the same plan's figures without waiting for each other (on a server)", async () => {
    // The embedded database runs one transaction at a time, so the question only arises on a server. There,
    // a shared tally row would make the second writer wait for the first's commit (A and B, below, would even
    // deadlock: each waits for the row the other holds); each transaction's own shard avoids both.
    if (await isEmbeddedDatabase()) {
      await Promise.all(
        [0, 1].map(() => inTransaction((tx) => tx.subscription.createMany({ data: [randomRow(), randomRow()] }))),
      );
      return expectExact();
    }
    const sameGroup = {
      offerId: "cloud",
      status: "Subscribed" as const,
      termUnit: "P1M",
      isTest: false,
      sessionMode: "None",
      isFreeTrial: false,
    };
    await getDb().subscription.createMany({
      data: ["x1", "x2", "y1", "y2"].map((id) => ({
        ...randomRow(),
        ...sameGroup,
        id,
        planId: id[0] === "x" ? "basic" : "seats",
      })),
    });
    const opens: (() => void)[] = [];
    const signals = Array.from({ length: 4 }, () => new Promise<void>((resolve) => opens.push(resolve)));
    const bump = (tx: Prisma.TransactionClient, id: string) =>
      tx.$executeRaw`UPDATE "Subscription" SET "quantity" = COALESCE("quantity", 0) + 1 WHERE "id" = ${id}`;
    // A: x1, then y1 · B: y2, then x2 — each second update needs the row the other transaction wrote first.
    const a = inTransaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL lock_timeout = '2s'`;
      await bump(tx, "x1");
      opens[0]!();
      await signals[1];
      await bump(tx, "y1");
      opens[2]!();
      await signals[3];
    });
    const b = inTransaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL lock_timeout = '2s'`;
      await signals[0];
      await bump(tx, "y2");
      opens[1]!();
      await signals[2];
      await bump(tx, "x2");
      opens[3]!();
    });
    await Promise.all([a, b]);
    await expectExact();
  });

  it("are recounted by overview_tally_rebuild() after writes made with the triggers off", async () => {
    const ids = await someIds(20);
    await inTransaction(async (tx) => {
      // What a replica's apply or a data-only restore does: rows change, triggers do not fire.
      await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
      await tx.subscription.createMany({ data: Array.from({ length: 20 }, randomRow) });
      for (const id of ids) await tx.subscription.update({ where: { id }, data: randomChange() });
    });
    expect(await tallied()).not.toEqual(await fullCount());
    await getDb().$queryRaw`SELECT "overview_tally_rebuild"()::text`;
    await expectExact();
  });

  it("empty with TRUNCATE and count again from there", async () => {
    await getDb().$executeRaw`TRUNCATE "Subscription" CASCADE`;
    expect(await tallied()).toEqual({ groups: [], purchases: [], activations: [], pending: [] });
    await getDb().subscription.createMany({ data: Array.from({ length: 30 }, randomRow) });
    await expectExact();
  });
});

/** A database of its own (the test file's has every migration already): in memory, or on the test server. */
async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = inject("postgresUrl");
  if (server) {
    const name = `portal_backfill_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    await adminQuery(server, `CREATE DATABASE ${name}`);
    return {
      url: withDatabase(server, name),
      drop: () => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const db = await startEmbeddedDb({ dir: "memory://", port: 0 });
  return { url: db.url, drop: () => db.stop() };
}

/** A copy of the project's prisma folder without the migration `name` and those after it. */
function migrationsBefore(name: string): { root: string; migration: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-backfill-"));
  const from = path.join(process.cwd(), "prisma");
  const entries = fs.readdirSync(path.join(from, "migrations"));
  const migration = entries.find((e) => e.endsWith(`_${name}`))!;
  fs.mkdirSync(path.join(root, "prisma"));
  fs.copyFileSync(path.join(from, "schema.prisma"), path.join(root, "prisma", "schema.prisma"));
  for (const entry of entries.filter((e) => e < migration || e === "migration_lock.toml")) {
    fs.cpSync(path.join(from, "migrations", entry), path.join(root, "prisma", "migrations", entry), {
      recursive: true,
    });
  }
  return { root, migration };
}

describe("the overview_tallies migration", () => {
  it("backfills the tallies from the subscriptions stored before it", async () => {
    const scratch = await scratchDatabase();
    const { root, migration } = migrationsBefore("overview_tallies");
    try {
      expect(await deployMigrations(scratch.url, root)).not.toContain(migration);
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        const query: Query = async (sql) => (await client.query(sql.text, sql.values)).rows;
        const ts = (d: Date | null | undefined) =>
          d ? Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')` : Prisma.sql`NULL::timestamp`;
        const rows = Array.from({ length: 300 }, randomRow).map(
          (s) =>
            Prisma.sql`(${s.id}, ${s.name}, ${s.offerId}, ${s.planId}, ${s.status}::"SubscriptionStatus", ${s.quantity ?? null}::int, ${s.termUnit ?? null}::text, ${s.isTest}, ${s.sessionMode}, ${s.isFreeTrial}, ${ts(s.purchasedAt as Date | null)}, ${ts(s.activatedAt as Date | null)}, ${ts(s.createdAt as Date)}, now())`,
        );
        await query(Prisma.sql`
          INSERT INTO "Subscription" ("id", "name", "offerId", "planId", "status", "quantity", "termUnit", "isTest", "sessionMode", "isFreeTrial", "purchasedAt", "activatedAt", "createdAt", "updatedAt")
          VALUES ${Prisma.join(rows)}`);
        expect(await deployMigrations(scratch.url)).toContain(migration);
        const counted = await fullCount(query);
        expect(counted.groups.length).toBeGreaterThan(20);
        expect(await tallied(query)).toEqual(counted);
      } finally {
        await client.end();
      }
    } finally {
      await scratch.drop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
