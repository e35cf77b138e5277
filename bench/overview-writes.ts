/**
 * What the admin overview's triggers (migration overview_tallies) cost the writers of "Subscription":
 * single-row UPDATEs, each its own transaction as a webhook's is, with the triggers and without them
 * (ALTER TABLE … DISABLE TRIGGER USER) in the same run, alternating blocks so that background noise falls
 * on both alike. Three kinds: a status change (two tally upserts and a pending or activation row), a seat
 * change (one upsert), and a change of no figure (the sync timestamp: the trigger's WHEN clause skips it).
 *
 *   npx tsx bench/overview-writes.ts [--updates 10000] [--block 1000] [--rows 100000]
 *                                    [--database-url postgresql://…] [--pglite-dir DIR] [--keep]
 *
 * The database is the one bench/admin-list.ts uses (seeded with --rows subscriptions; reused when it holds
 * them). Every row changed is changed back, so the population stays as seeded.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { startEmbeddedDb } from "../scripts/embedded-db";
import { prepareBenchDatabase } from "./lib/bench-database";
import { percentile } from "./lib/measure";

const { values } = parseArgs({
  options: {
    updates: { type: "string", default: "10000" },
    block: { type: "string", default: "1000" },
    rows: { type: "string", default: "100000" },
    "database-url": { type: "string" },
    "pglite-dir": { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const updates = Number(values.updates);
const block = Number(values.block);
const log = (line: string) => console.log(`▸ ${line}`);
const WARMUP = 10;

const bench = await prepareBenchDatabase({
  databaseUrl: values["database-url"],
  pgliteDir: values["pglite-dir"],
  rows: Number(values.rows),
  log,
});
let url = bench.url;
let stop = async () => {};
if (!url) {
  const embedded = await startEmbeddedDb({ dir: bench.pgliteDir!, port: 0 });
  url = embedded.url;
  stop = () => embedded.stop();
}
const client = new pg.Client({ connectionString: url });
await client.connect();

type Kind = { name: string; sql: string; ids: string[] };
// Subscribed ↔ Suspended changes a status figure each time; quantity +1 then −1 changes the seats.
const flippable = (
  await client.query<{ id: string }>(
    `SELECT "id" FROM "Subscription" WHERE "status" IN ('Subscribed', 'Suspended') ORDER BY md5("id") LIMIT $1`,
    [updates],
  )
).rows.map((r) => r.id);
const seated = (
  await client.query<{ id: string }>(
    `SELECT "id" FROM "Subscription" WHERE "quantity" IS NOT NULL ORDER BY md5("id") LIMIT $1`,
    [updates],
  )
).rows.map((r) => r.id);
if (flippable.length < updates || seated.length < updates)
  throw new Error(`Fewer than ${updates} suitable subscriptions: seed more rows (--rows).`);
const kinds: Kind[] = [
  {
    name: "status change",
    ids: flippable,
    sql: `UPDATE "Subscription" SET "status" = CASE WHEN "status" = 'Subscribed' THEN 'Suspended'::"SubscriptionStatus" ELSE 'Subscribed'::"SubscriptionStatus" END WHERE "id" = $1`,
  },
  { name: "seat change", ids: seated, sql: `UPDATE "Subscription" SET "quantity" = "quantity" + $2 WHERE "id" = $1` },
  {
    name: "no figure (lastSyncedAt)",
    ids: flippable,
    sql: `UPDATE "Subscription" SET "lastSyncedAt" = now() WHERE "id" = $1`,
  },
];

async function setTriggers(on: boolean) {
  await client.query(`ALTER TABLE "Subscription" ${on ? "ENABLE" : "DISABLE"} TRIGGER USER`);
}

/**
 * Per-update milliseconds with and without the triggers; blocks alternate. A block is in the same mode in
 * both passes, so a row changed without the triggers is also changed back without them, and the tallies
 * stay equal to the rows.
 */
async function measureKind(kind: Kind, pass: number) {
  const ms = { on: [] as number[], off: [] as number[] };
  for (let start = 0, b = 0; start < kind.ids.length; start += block, b++) {
    // Each row is updated once per pass; the second pass (sign −1 for seats) undoes the first.
    const on = b % 2 === 0;
    await setTriggers(on);
    for (const [i, id] of kind.ids.slice(start, start + block).entries()) {
      const t = performance.now();
      await client.query(kind.sql, kind.name === "seat change" ? [id, pass === 0 ? 1 : -1] : [id]);
      // Not the first few after a switch: ALTER TABLE makes the session plan the trigger's statements anew.
      if (i >= WARMUP) (on ? ms.on : ms.off).push(performance.now() - t);
    }
  }
  await setTriggers(true);
  return ms;
}

try {
  console.log(
    `\nWrites to "Subscription" with and without the overview's triggers, ${bench.url ? "PostgreSQL server" : "embedded PGlite"}, ${Number(values.rows).toLocaleString("en")} subscriptions`,
  );
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPU(s), ${updates.toLocaleString("en")} single-row UPDATEs per kind and pass (autocommit), blocks of ${block} alternating (the first ${WARMUP} of each not timed)\n`,
  );
  const head = ["update", "n", "mean ms on", "mean ms off", "p95 on", "p95 off", "on/off (mean)"];
  const rows: string[][] = [];
  for (const kind of kinds) {
    const on: number[] = [];
    const off: number[] = [];
    for (const pass of [0, 1]) {
      const ms = await measureKind(kind, pass);
      on.push(...ms.on);
      off.push(...ms.off);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    rows.push([
      kind.name,
      String(on.length + off.length),
      mean(on).toFixed(3),
      mean(off).toFixed(3),
      percentile(on, 95).toFixed(3),
      percentile(off, 95).toFixed(3),
      (mean(on) / mean(off)).toFixed(2),
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  console.log([line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n"));
} finally {
  await setTriggers(true).catch(() => {});
  await client.end();
  await stop();
  if (!values.keep) bench.cleanup();
}
