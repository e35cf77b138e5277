/**
 * Prints the query plans of the admin list's queries on a seeded database, to check that each is an index
 * scan that stops after a page (not a scan and sort of every row).
 *
 *   npx tsx --conditions=react-server bench/lib/explain-admin-list.ts [--database-url postgresql://…] [--rows 100000] [--pglite-dir DIR]
 *
 * (`--conditions=react-server` lets Node load the portal's server-only data modules.) It runs the real
 * lib/data functions with a database handle that records each statement, then EXPLAIN ANALYZEs it.
 */
import { parseArgs } from "node:util";
import { prepareBenchDatabase } from "./bench-database";
import { startEmbeddedDb } from "../../scripts/embedded-db";
import { BENCH_SCENARIOS, EXTRA_SCENARIOS } from "./scenarios";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    rows: { type: "string", default: "100000" },
    "pglite-dir": { type: "string" },
    only: { type: "string" },
  },
});
const log = (line: string) => console.log(`· ${line}`);

const bench = await prepareBenchDatabase({
  databaseUrl: values["database-url"],
  pgliteDir: values["pglite-dir"],
  rows: Number(values.rows),
  log,
});
let stop = async () => {};
if (bench.url) process.env.DATABASE_URL = bench.url;
else {
  const db = await startEmbeddedDb({ dir: bench.pgliteDir!, port: 0 });
  process.env.DATABASE_URL = db.url;
  stop = () => db.stop();
}
process.env.LOG_LEVEL = "warn";

const { Prisma } = await import("../../generated/prisma/client");
const { getDb, disconnectDb } = await import("../../lib/db");
const data = await import("../../lib/data/admin-subscriptions");
const { parseListQuery } = await import("../../lib/admin-list/subscriptions");
const kpis = await import("../../lib/data/kpis");

const real = getDb();
type Sql = InstanceType<typeof Prisma.Sql>;
const recorded: Sql[] = [];
// Stands in for the Prisma client: records each raw statement and still runs it.
const recorder = {
  $queryRaw: (first: TemplateStringsArray | Sql, ...rest: unknown[]) => {
    const sql = first instanceof Prisma.Sql ? first : Prisma.sql(first, ...rest);
    recorded.push(sql);
    return real.$queryRaw(sql);
  },
  plan: real.plan,
} as unknown as typeof real;

async function explain(title: string, run: () => Promise<unknown>) {
  recorded.length = 0;
  const started = performance.now();
  await run();
  console.log(`\n=== ${title} (${(performance.now() - started).toFixed(1)} ms, ${recorded.length} statement(s))`);
  for (const sql of [...recorded]) {
    const plan = await real.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`);
    console.log(plan.map((p) => p["QUERY PLAN"]).join("\n"));
  }
}

for (const s of [...BENCH_SCENARIOS, ...EXTRA_SCENARIOS]) {
  if (values.only && !s.name.includes(values.only)) continue;
  const { query } = parseListQuery(new URLSearchParams(s.params));
  await explain(`${s.name}: count, then page`, () => data.findAdminSubscriptions(query, recorder));
  const page = await data.findAdminSubscriptions(query);
  if (page.next)
    await explain(`${s.name}: next page`, () => data.findAdminSubscriptions({ ...query, after: page.next }, recorder));
}
if (!values.only) {
  await explain("filter options", () => data.listFilterOptions(recorder));
  await explain("overview KPIs", () => kpis.getOverview({ includeTest: false }, recorder));
}
await disconnectDb();
await stop();
bench.cleanup();
