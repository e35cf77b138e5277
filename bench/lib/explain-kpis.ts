/**
 * What each part of the admin overview (lib/data/kpis.ts) costs on a seeded database: times each part
 * (median of a few runs), then prints the query plan of each of its statements.
 *
 *   npx tsx --conditions=react-server bench/lib/explain-kpis.ts [--database-url postgresql://…] [--rows 100000] [--pglite-dir DIR] [--runs 9] [--no-plans]
 *
 * (`--conditions=react-server` lets Node load the portal's server-only data modules.) Like
 * explain-admin-list.ts, it runs the real lib/data functions with a database handle that records each
 * statement, then EXPLAIN ANALYZEs it.
 */
import { parseArgs } from "node:util";
import { prepareBenchDatabase } from "./bench-database";
import { startEmbeddedDb } from "../../scripts/embedded-db";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    rows: { type: "string", default: "100000" },
    "pglite-dir": { type: "string" },
    runs: { type: "string", default: "9" },
    "no-plans": { type: "boolean", default: false },
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
const kpis = await import("../../lib/data/kpis");

const real = getDb();
type Sql = InstanceType<typeof Prisma.Sql>;
const recorded: Sql[] = [];
// Stands in for the Prisma client: records each raw statement and still runs it.
const recorder = new Proxy(real, {
  get(target, prop, receiver) {
    if (prop === "$queryRaw") {
      return (first: TemplateStringsArray | Sql, ...rest: unknown[]) => {
        const sql = first instanceof Prisma.Sql ? first : Prisma.sql(first, ...rest);
        recorded.push(sql);
        return target.$queryRaw(sql);
      };
    }
    return Reflect.get(target, prop, receiver) as unknown;
  },
}) as typeof real;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const o = { includeTest: false };
const parts: [string, () => Promise<unknown>][] = [
  ["whole overview", () => kpis.getOverview(o, recorder)],
  ...Object.entries(kpis.OVERVIEW_PARTS).map(
    ([name, part]) => [name, () => part(o, recorder)] as [string, () => Promise<unknown>],
  ),
];

const timings: string[] = [];
for (const [name, run] of parts) {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  timings.push(
    `${name.padEnd(20)} median ${median(ms).toFixed(1).padStart(7)} ms   max ${Math.max(...ms)
      .toFixed(1)
      .padStart(7)} ms`,
  );
}
console.log(
  `\nAdmin overview parts, ${bench.url ? "PostgreSQL server" : "embedded PGlite"}, ${values.rows} subscriptions, ${values.runs} runs each (in-process, no HTTP)`,
);
console.log(timings.join("\n"));

if (!values["no-plans"]) {
  for (const [name, run] of parts.slice(1)) {
    recorded.length = 0;
    await run();
    console.log(`\n=== ${name} (${recorded.length} statement(s))`);
    for (const sql of [...recorded]) {
      const plan = await real.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`);
      console.log(plan.map((p) => p["QUERY PLAN"]).join("\n"));
    }
  }
}
await disconnectDb();
await stop();
bench.cleanup();
