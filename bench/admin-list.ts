/**
 * Admin subscription list at scale: seeds 100 000 subscriptions, starts the portal on them with
 * `npm start`, and measures the server time of the list page (a plain page, searches, a filtered and
 * sorted page, a page deep in the cursor chain) and of the overview (/admin, its figures from the tallies
 * that triggers keep) next to /api/health of the same portal in the same run; then downloads the CSV
 * export of all of them and checks that a stalled download does not make the server buffer the file.
 *
 *   npx tsx bench/admin-list.ts [--rows 100000] [--rounds 50] [--warmup 10] [--port 3390]
 *                               [--database-url postgresql://…] [--pglite-dir DIR] [--keep]
 *
 * Without --database-url the data lives in a fresh embedded database (PGlite) in a temporary folder,
 * served by the launcher exactly as for a user; with it, in that PostgreSQL database (which must hold no
 * subscriptions, or exactly --rows from an earlier run). Requests are sent one at a time on loopback, so
 * the time measured is the server's (plus well under a millisecond of HTTP).
 *
 * Staff sign-in: the bench mints the session cookie itself with next-auth's `encode` and the AUTH_SECRET it
 * gives the portal, for a viewer of the publisher tenant (the Portal.Viewer app role). That cookie is what
 * next-auth sets after a real Entra sign-in, so every request goes through the page's real checks (session
 * decryption, roles computed on the server, granted roles read from the database); signing in through the
 * simulator's pages would add a browser and the simulator to the run and measure nothing more.
 */
import { randomBytes, randomUUID } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { encode } from "next-auth/jwt";
import { prepareBenchDatabase } from "./lib/bench-database";
import { formatTable, measure, percentile, timeRequest, type Target } from "./lib/measure";
import { freePort, portIsFree, startPortal } from "./lib/portal-process";
import { checkExport } from "./lib/export-check";
import { BENCH_SCENARIOS } from "./lib/scenarios";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    rounds: { type: "string", default: "50" },
    warmup: { type: "string", default: "10" },
    port: { type: "string", default: "3390" },
    deep: { type: "string", default: "40" },
    "database-url": { type: "string" },
    "pglite-dir": { type: "string" },
    keep: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
  },
});
const rows = Number(values.rows);
const port = Number(values.port);
const TARGET_P95_MS = 150;
const OVERVIEW_TARGETS = [
  {
    name: "overview (KPIs)",
    path: "/admin",
    why: "/admin: counts by status, revenue, purchases per day, activation times, pending ages",
  },
  { name: "overview, tests included", path: "/admin?test=include", why: "/admin?test=include" },
];
const ADMIN_TENANT = "b0000000-0000-4000-8000-0000000000b1";
const log = (line: string) => console.log(`▸ ${line}`);

if (!(await portIsFree(port))) throw new Error(`Port ${port} is taken: pass --port with a free one.`);

const db = await prepareBenchDatabase({
  databaseUrl: values["database-url"],
  pgliteDir: values["pglite-dir"],
  rows,
  log,
});
const authSecret = randomBytes(32).toString("base64url");
const env: Record<string, string> = {
  AUTH_SECRET: authSecret,
  ADMIN_TENANT_ID: ADMIN_TENANT,
  // The list page never calls Microsoft, and a scheduled reconciliation must not run during the measurement.
  SIMULATOR: "false",
  RECONCILE_INTERVAL_MINUTES: "0",
  LOG_LEVEL: "warn",
  ...(db.url ? { DATABASE_URL: db.url } : { PGLITE_DIR: db.pgliteDir!, PGLITE_PORT: String(await freePort()) }),
};

log(`starting the portal on port ${port} (npm start: builds first if the sources changed)`);
const startedAt = Date.now();
const portal = await startPortal({ port, env, quiet: values.quiet });
log(`portal ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

try {
  const uid = randomUUID();
  const cookie = await encode({
    secret: authSecret,
    token: {
      sub: uid,
      uid,
      oid: randomUUID(),
      tid: ADMIN_TENANT,
      email: "bench.viewer@fabrikam.example",
      name: "Bench Viewer",
      appRoles: ["Portal.Viewer"],
    },
  });
  const headers = { cookie: `next-auth.session-token=${cookie}` };

  // The page must really be the list, for a signed-in viewer (not a sign-in redirect or the no-role page).
  const first = await fetch(`${portal.url}/admin/subscriptions`, { headers, redirect: "manual" });
  const html = await first.text();
  const count = /(More than [\d,]+|[\d,]+) subscriptions/.exec(html)?.[1];
  if (first.status !== 200 || !count || !html.includes("<table"))
    throw new Error(`The list page did not render for the bench viewer (HTTP ${first.status}).`);
  log(`the list page answers for a viewer: "${count} subscriptions"`);
  // The overview counts every seeded subscription (tests included): its tallies agree with the table.
  const overview = await (await fetch(`${portal.url}/admin?test=include`, { headers })).text();
  const total = /Subscriptions<\/dt><dd[^>]*>([\d,]+)</.exec(overview)?.[1];
  if (total !== rows.toLocaleString("en"))
    throw new Error(`The overview shows ${total ?? "no"} subscriptions, not the ${rows.toLocaleString("en")} seeded.`);
  log(`the overview answers for a viewer: "${total} subscriptions"`);

  // A page deep in the cursor chain: follow "Next" from the first page.
  let deepPath = "/admin/subscriptions";
  for (let i = 1; i < Number(values.deep); i++) {
    const page = await (await fetch(`${portal.url}${deepPath}`, { headers })).text();
    const next = /href="([^"]+)"/.exec(/<a [^>]*rel="next"[^>]*>/.exec(page)?.[0] ?? "")?.[1];
    if (!next) throw new Error(`No next page after page ${i}.`);
    deepPath = next.replaceAll("&amp;", "&");
  }

  const targets: Target[] = [
    { name: "/api/health", path: "/api/health" },
    ...BENCH_SCENARIOS.map((s) => ({
      name: s.name,
      path: `/admin/subscriptions${s.params ? `?${s.params}` : ""}`,
      headers,
    })),
    { name: `list: page ${values.deep} (cursor)`, path: deepPath, headers },
    ...OVERVIEW_TARGETS.map((t) => ({ ...t, headers })),
  ];
  await timeRequest(portal.url, targets[1]!);
  log(
    `measuring: ${values.warmup} warm-up and ${values.rounds} measured requests per page, one at a time, interleaved`,
  );
  const results = await measure(portal.url, targets, { warmup: Number(values.warmup), rounds: Number(values.rounds) });

  console.log(
    `\nAdmin subscription list, ${rows.toLocaleString("en")} subscriptions, ${db.url ? "PostgreSQL server" : "embedded PGlite"} (seeded ${db.seededIn ? `in ${(db.seededIn / 1000).toFixed(1)} s` : "earlier"})`,
  );
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ""}, server time per request (ms, loopback, sequential)\n`,
  );
  console.log(formatTable(results, "/api/health"));
  const notes = [
    ...BENCH_SCENARIOS,
    {
      name: `list: page ${values.deep} (cursor)`,
      params: "",
      why: `after following "Next" ${Number(values.deep) - 1} times`,
    },
    ...OVERVIEW_TARGETS.map((t) => ({ ...t, params: "" })),
  ];
  for (const s of notes) console.log(`  ${s.name}: ${s.why}${s.params ? ` (?${s.params})` : ""}`);
  console.log("");
  for (const line of await checkExport(portal, headers, db.url ? "database client" : "embedded database"))
    console.log(line);

  const worst = (prefix: string) =>
    Math.max(...results.filter((r) => r.name.startsWith(prefix)).map((r) => percentile(r.ms, 95)));
  const verdicts = [
    ["list page", worst("list")],
    ["overview", worst("overview")],
  ] as const;
  for (const [page, p95] of verdicts)
    console.log(
      `${page === "list page" ? "\n" : ""}Target p95 ≤ ${TARGET_P95_MS} ms for the ${page}: ${p95 <= TARGET_P95_MS ? "met" : "NOT met"} (worst p95 ${p95.toFixed(1)} ms)`,
    );
  process.exitCode = verdicts.every(([, p95]) => p95 <= TARGET_P95_MS) ? 0 : 1;
} finally {
  await portal.stop();
  if (!values.keep) db.cleanup();
  else if (db.pgliteDir) log(`kept the seeded database in ${db.pgliteDir} (reuse it with --pglite-dir)`);
}
