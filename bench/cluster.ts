/**
 * Scale-out proof: `npx tsx bench/cluster.ts [--instances 3] [--deliveries 10000] [--faults 0.1] [--rate 40]
 * [--pgbouncer] [--throughput 1000]`
 *
 * One PostgreSQL server (optionally behind PgBouncer in transaction mode, with DB_PREPARED_STATEMENTS=false),
 * the Microsoft simulator, and N portal instances (each `npm start`'s launcher with its own job runner)
 * behind a loopback round-robin load balancer, to which the simulator delivers its webhooks. Then:
 *   1. throughput: `--throughput` real Subscribe deliveries through the balancer with 1 instance running,
 *      then the same with N (deliveries/s acknowledged and applied, CPU per delivery, p99 ack latency);
 *   2. the soak: `--deliveries` webhooks caused by customers and the publisher (every action), with
 *      `--faults` of them faulted (dropped, duplicated, reordered; Get Operation / Get Subscription answering
 *      429, 500 or hanging), buyers confirming purchases on the landing page in Chromium and an operator
 *      changing their seats on the admin page, the publisher's own PATCHes through the Fulfillment API, one instance
 *      SIGKILLed and restarted, PostgreSQL restarted, reconciliation every minute on the queue, outbound
 *      events to a loopback receiver;
 *   3. the verdict (bench/cluster/verdict.ts), printed as a table; exit code 1 on any failed check.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { randomBytes, randomUUID } from "node:crypto";
import { SUBSCRIPTION_EVENT_TYPES } from "../lib/domain/events";
import { deployMigrations } from "../scripts/db/commands";
import { startEventSink } from "./lib/event-sink";
import { waitForDrain } from "./lib/queue-drain";
import { control, prepareDeliveries } from "./lib/webhook-setup";
import { startBalancer } from "./cluster/balancer";
import { buyAndConfirm } from "./cluster/buyers";
import { Marketplace } from "./cluster/microsoft";
import { report } from "./cluster/report";
import { soak } from "./cluster/soak";
import { LOG_DIR, portalInstance, startDatabase, startPgBouncer, startSimulator } from "./cluster/stack";
import { measure } from "./cluster/throughput";
import { CRON_RECORDER_SQL } from "./cluster/verdict";
import { settle, WebhookLog } from "./cluster/settle";

const { values: args } = parseArgs({
  options: {
    instances: { type: "string", default: "3" },
    deliveries: { type: "string", default: "10000" },
    faults: { type: "string", default: "0.1" },
    rate: { type: "string", default: "40" },
    throughput: { type: "string", default: "1000" },
    buyers: { type: "string" },
    pgbouncer: { type: "boolean", default: false },
  },
});
const INSTANCES = Number(args.instances);
const DELIVERIES = Number(args.deliveries);
const FAULTS = Number(args.faults);
const THROUGHPUT = Number(args.throughput);
const BUYERS = Number(args.buyers ?? Math.min(20, Math.max(3, Math.round(DELIVERIES / 500))));
// The brief's ports: portals and balancer 3310-3339, simulator and receiver 4310-4319, PostgreSQL 54381.
const LB_PORT = 3310;
const SIM = { https: 4310, http: 4311 };
const PG_PORT = 54381;
const PGBOUNCER_PORT = 6432;

async function main() {
  fs.rmSync(LOG_DIR, { recursive: true, force: true });
  const log = (line: string) => console.log(`· ${new Date().toISOString().slice(11, 19)} ${line}`);
  const database = await startDatabase(PG_PORT);
  cleanups.push(() => database.stop());
  try {
    await deployMigrations(database.url);
    const bouncer = args.pgbouncer ? startPgBouncer(database.url, PGBOUNCER_PORT) : undefined;
    if (bouncer) cleanups.unshift(() => bouncer.stop());
    log(`PostgreSQL on ${PG_PORT}${bouncer ? `, PgBouncer (transaction mode) on ${PGBOUNCER_PORT}` : ""}`);
    const ports = Array.from({ length: INSTANCES }, (_, i) => LB_PORT + 1 + i);
    const lb = await startBalancer(
      LB_PORT,
      ports.map((p) => `http://127.0.0.1:${p}`),
    );
    cleanups.unshift(() => lb.stop());
    const simulator = await startSimulator(SIM, lb.url);
    cleanups.unshift(() => simulator.stop());
    const ms = new Marketplace(simulator.url, `https://localhost:${SIM.https}/api`, simulator.certificate);
    const env: Record<string, string> = {
      DATABASE_URL: bouncer?.url ?? database.url,
      DB_PREPARED_STATEMENTS: bouncer ? "false" : "true",
      SIMULATOR: "false",
      PORTAL_URL: lb.url,
      ENTRA_AUTHORITY_HOST: `https://localhost:${SIM.https}`,
      MARKETPLACE_API_URL: `https://localhost:${SIM.https}/api`,
      SIMULATOR_PAGES_URL: simulator.url,
      NODE_EXTRA_CA_CERTS: simulator.certificate,
      AUTH_SECRET: randomBytes(32).toString("hex"),
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      RECONCILE_INTERVAL_MINUTES: "1",
      MARKETPLACE_TIMEOUT_MS: "3000",
      EVENTS_TIMEOUT_MS: "2000",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const instances = ports.map((port, i) => portalInstance(`portal-${i + 1}`, port, env));
    cleanups.unshift(() => Promise.all(instances.map((i) => i.stop())).then(() => undefined));
    const db = new pg.Pool({ connectionString: database.url, max: 4 });
    cleanups.unshift(() => db.end());

    log("starting portal-1 (migrations, build when the sources changed)…");
    await instances[0]!.start();
    await db.query(CRON_RECORDER_SQL);
    const sink = await startEventSink();
    cleanups.unshift(() => sink.stop());
    await db.query(
      `INSERT INTO "EventEndpoint" (id, name, url, "eventTypes", secret, "updatedAt") VALUES ($1, 'cluster soak', $2, $3, $4, now())`,
      [randomUUID(), sink.url, SUBSCRIPTION_EVENT_TYPES, `whsec_${randomBytes(32).toString("base64")}`],
    );
    const firstEvent = BigInt(
      (await db.query<{ n: string }>(`SELECT coalesce(max(id), 0) AS n FROM "Event"`)).rows[0]!.n,
    );

    // 1. Throughput: 1 instance, then N, on the same kind of deliveries.
    log(`preparing ${2 * THROUGHPUT} Subscribe deliveries for the throughput runs…`);
    // Each run starts with a warm-up through the balancer (a new instance compiles its routes and fills its
    // pools on its first requests: not what a running cluster pays).
    const WARMUP = 60;
    const prepared = await prepareDeliveries(simulator.url, 2 * THROUGHPUT + 2 * WARMUP);
    const tokens = await Promise.all(
      Array.from(
        { length: 16 },
        async () =>
          `Bearer ${(await control<{ token: string }>(simulator.url, "POST", "/tokens/mint", { preset: "webhook" })).token}`,
      ),
    );
    const dbPort = String(PG_PORT);
    lb.backends = [instances[0]!.url.replace("localhost", "127.0.0.1")];
    const warm = prepared.splice(0, 2 * WARMUP);
    const one = await measure(lb.url, database.url, dbPort, [instances[0]!], prepared.slice(0, THROUGHPUT), tokens, {
      warmUp: warm.slice(0, WARMUP),
    });
    log(`1 instance: ${one.appliedPerSecond.toFixed(0)} deliveries/s applied`);
    for (const instance of instances.slice(1)) {
      log(`starting ${instance.name}…`);
      await instance.start();
    }
    lb.backends = ports.map((p) => `http://127.0.0.1:${p}`);
    const many = await measure(lb.url, database.url, dbPort, instances, prepared.slice(THROUGHPUT), tokens, {
      warmUp: warm.slice(WARMUP),
    });
    log(`${INSTANCES} instances: ${many.appliedPerSecond.toFixed(0)} deliveries/s applied`);

    // 2. The soak.
    const seeded = await ms.control<{ ids: string[] }>("POST", "/subscriptions/bulk", {
      count: 40,
      offerId: "fabrikam-cloud",
      planId: "pro-seats",
      status: "Subscribed",
      personaIds: ["alice"],
    });
    const webhookLog = new WebhookLog(ms);
    webhookLog.start();
    const rss = new Map(instances.map((i) => [i.name, [] as number[]]));
    const sampler = setInterval(() => {
      for (const i of instances) {
        const mb = i.rssMb();
        if (mb !== null) rss.get(i.name)!.push(mb);
      }
    }, 3_000);
    const victim = instances[INSTANCES - 1]!;
    let onActivated: (k: {
      id: string;
      status: string;
      planId: string;
      quantity?: number;
      perSeat: boolean;
    }) => void = () => {};
    const soakStarted = Date.now();
    const expectedSeconds = DELIVERIES / Number(args.rate);
    const buyers = buyAndConfirm(ms, lb.url, BUYERS, expectedSeconds * 700, (id) =>
      onActivated({ id, status: "Subscribed", planId: "pro-seats", quantity: 5, perSeat: true }),
    );
    log(`soak: ${DELIVERIES} deliveries, faults ${FAULTS}, ${BUYERS} buyers on the landing page…`);
    const result = await soak(
      ms,
      {
        deliveries: DELIVERIES,
        faults: FAULTS,
        rate: Number(args.rate),
        seeded: seeded.ids.map((id) => ({ id, status: "Subscribed", planId: "pro-seats", perSeat: true })),
        disruptions: [
          {
            at: 0.3,
            name: `${victim.name} SIGKILLed, restarted 10 s later`,
            run: async () => {
              rss.set(victim.name, []);
              await victim.kill();
              await new Promise((r) => setTimeout(r, 10_000));
              await victim.restart();
            },
          },
          { at: 0.75, name: "PostgreSQL restarted (immediate stop)", run: async () => database.restart() },
        ],
      },
      (add) => (onActivated = add),
    );
    await buyers.done;
    log(`soak traffic done in ${((Date.now() - soakStarted) / 1000).toFixed(0)} s; settling…`);
    await ms.clearFaults();
    const settled = await settle(db, database.url, webhookLog);
    const soakEnded = Date.now();
    clearInterval(sampler);
    webhookLog.stop();
    const ok = await report({
      db,
      ms,
      sink,
      firstEvent,
      instances,
      rss,
      soakWindow: [soakStarted, soakEnded],
      throughput: [one, many],
      soak: result,
      buyers,
      webhookLog,
      settled,
      balancer: lb,
      label: `${INSTANCES} instances, ${DELIVERIES} deliveries, faults ${FAULTS}${bouncer ? ", PgBouncer (transaction mode), DB_PREPARED_STATEMENTS=false" : ""}`,
    });
    await waitForDrain(database.url, 1_000);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

/** Stops everything started, newest first (also on Ctrl-C: nothing is left running). */
const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0))
    try {
      await cleanup();
    } catch {
      // best effort
    }
}
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => void cleanUp().then(() => process.exit(130)));
process.on("unhandledRejection", (e) => {
  console.error(e);
  void cleanUp().then(() => process.exit(1));
});

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
