/**
 * Outbound events benchmark: `npx tsx bench/events.ts [--changes 10000] [--rate 100] [--burst 3000]
 * [--faults 0.1] [--fault-changes 2000] [--rounds 3]`
 *
 * Starts the portal as a user does (`npm start`) on a throwaway PostgreSQL server, registers two endpoints
 * on loopback receivers (bench/lib/event-sink.ts) for every subscription event, then, in one run:
 *   1. the webhook route's own throughput at full speed, in alternating rounds: the bare route, the webhook
 *      with no endpoint registered, the webhook with the two endpoints (what the fan-out costs Microsoft's
 *      answers; its workers deliver the events meanwhile),
 *   2. `--changes` real state changes (Microsoft's Subscribe deliveries, each applied by the portal's workers:
 *      a subscription created) at `--rate` per second: time from the change's commit (the event's time) to
 *      each receiver's 2xx, p50/p99/max,
 *   3. the sustained delivery rate: `--burst` changes made while the endpoints are paused, then resumed:
 *      messages delivered per second until none is left,
 *   4. `--fault-changes` changes, three per subscription in quick succession (the one writer's shape: the
 *      subscription's row locked, its event in the same transaction), while each receiver fails `--faults`
 *      of its requests (half 503, half left hanging until the portal's timeout, EVENTS_TIMEOUT_MS=2000 here):
 *      lost, accepted twice, and out of order per subscription must all be 0.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { SUBSCRIPTION_EVENT_TYPES } from "../lib/domain/events";
import { startEventSink, verdict, type EventSink } from "./lib/event-sink";
import { combine, percentile, run, type RunStats } from "./lib/load";
import { waitForDrain } from "./lib/queue-drain";
import { control, prepareDeliveries, startPortal } from "./lib/webhook-setup";

const { values: args } = parseArgs({
  options: {
    changes: { type: "string", default: "10000" },
    rate: { type: "string", default: "100" },
    burst: { type: "string", default: "3000" },
    faults: { type: "string", default: "0.1" },
    "fault-changes": { type: "string", default: "2000" },
    rounds: { type: "string", default: "3" },
    "round-size": { type: "string", default: "600" },
    connections: { type: "string", default: "32" },
  },
});
const CHANGES = Number(args.changes);
const RATE = Number(args.rate);
const BURST = Number(args.burst);
const FAULTS = Number(args.faults);
const FAULT_CHANGES = Math.ceil(Number(args["fault-changes"]) / 3) * 3;
const ROUNDS = Number(args.rounds);
const ROUND_SIZE = Number(args["round-size"]);
const CONNECTIONS = Number(args.connections);
const WARMUP = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

async function main() {
  // A hanging receiver is cut off after 2 s (the default is 10 s): the fault phase then ends in minutes.
  process.env.EVENTS_TIMEOUT_MS = "2000";
  const started = await startPortal({
    postgres: true,
    statements: false,
    ports: { portal: 3410, simHttps: 4410, simHttp: 4411, pglite: 5710 },
  });
  const db = new pg.Pool({ connectionString: started.db, max: 6 });
  const sinks = [await startEventSink(), await startEventSink()];
  try {
    const total = WARMUP + 3 * ROUNDS * ROUND_SIZE + CHANGES + BURST;
    process.stdout.write(`Preparing ${total} real Subscribe operations in the simulator…`);
    const t = performance.now();
    const deliveries = (await prepareDeliveries(started.simulator, total)).map((d) => d.body);
    const tokens = await Promise.all(
      Array.from(
        { length: 64 },
        async () =>
          `Bearer ${(await control<{ token: string }>(started.simulator, "POST", "/tokens/mint", { preset: "webhook" })).token}`,
      ),
    );
    console.log(` done in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
    let taken = 0;
    const take = (n: number) => deliveries.slice(taken, (taken += n));
    const webhook = new URL("/api/webhooks/marketplace", started.portal);
    const noop = new URL("/api/bench/noop", started.portal);

    const endpoints = await registerEndpoints(db, sinks);
    const settle = async () => {
      await waitForDrain(started.db);
      await waitDelivered(db);
      await sleep(2_000);
    };
    await run("warm-up", noop, take(WARMUP / 2), tokens, { connections: 8 });
    await run("warm-up", webhook, take(WARMUP / 2), tokens, { connections: 8 });
    await settle();

    // 1. The webhook route's throughput, without and with the fan-out.
    const rounds: Record<"bare" | "none" | "two", RunStats[]> = { bare: [], none: [], two: [] };
    for (let r = 0; r < ROUNDS; r++) {
      rounds.bare.push(await run("bare", noop, take(ROUND_SIZE), tokens, { connections: CONNECTIONS }));
      await setDeleted(db, endpoints, true);
      rounds.none.push(await run("none", webhook, take(ROUND_SIZE), tokens, { connections: CONNECTIONS }));
      await settle();
      await setDeleted(db, endpoints, false);
      rounds.two.push(await run("two", webhook, take(ROUND_SIZE), tokens, { connections: CONNECTIONS }));
      await settle();
    }
    const [bare, none, two] = [
      combine("bare route", rounds.bare),
      combine("webhook, no endpoint", rounds.none),
      combine("webhook, 2 endpoints", rounds.two),
    ];

    // 2. Commit → receiver's 2xx at a steady rate.
    const beforeSteady = await lastEventId(db);
    const steady = await run(`changes at ${RATE}/s`, webhook, take(CHANGES), tokens, { rate: RATE });
    await settle();
    const steadyIds = await subscriptionEventsAfter(db, beforeSteady);
    const latency = sinks.map((s) => {
      const ms = s.accepted
        .filter((a) => steadyIds.has(a.eventId))
        .map((a) => a.answeredAt - a.occurredAt)
        .sort((x, y) => x - y);
      return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1) ?? NaN };
    });
    const steadyVerdicts = sinks.map((s) => verdict(s, steadyIds));

    // 3. Sustained rate: a backlog made while the endpoints are paused, then delivered.
    const beforeBurst = await lastEventId(db);
    await setStatus(db, endpoints, "paused");
    await run("burst", webhook, take(BURST), tokens, { connections: CONNECTIONS });
    await waitForDrain(started.db);
    const burstIds = await subscriptionEventsAfter(db, beforeBurst);
    const counts = sinks.map((s) => s.accepted.length);
    const resumedAt = Date.now();
    await setStatus(db, endpoints, "active");
    await waitDelivered(db);
    const burstVerdicts = sinks.map((s) => verdict(s, burstIds));
    const lastAnswer = Math.max(...sinks.map((s) => s.accepted.at(-1)?.answeredAt ?? resumedAt));
    const delivered = sinks.reduce((sum, s, i) => sum + s.accepted.length - counts[i]!, 0);
    const sustained = delivered / ((lastAnswer - resumedAt) / 1000);
    await sleep(2_000);

    // 4. Faults: three changes per subscription in quick succession while receivers fail some requests.
    for (const s of sinks) s.faultRate = FAULTS;
    const failedBefore = sinks.map((s) => s.failed);
    const beforeFaults = await lastEventId(db);
    const faultStarted = Date.now();
    await writeChanges(db, [...steadyIds].length ? await subscriptionsOf(db, steadyIds, FAULT_CHANGES / 3) : [], RATE);
    await waitDelivered(db, 600_000);
    const faultSpan = Date.now() - faultStarted;
    const faultIds = await subscriptionEventsAfter(db, beforeFaults);
    const faultVerdicts = sinks.map((s) => verdict(s, faultIds));
    const dead = await scalar(db, `SELECT count(*) AS n FROM "OutboundMessage" WHERE state = 'dead'`);

    console.log(
      `\nOutbound events benchmark: 2 endpoints on loopback, PostgreSQL server, Node ${process.version}, portal ${started.portal}\n`,
    );
    console.log("webhook route, full speed (" + CONNECTIONS + " conn., median of " + ROUNDS + " rounds): req/s");
    for (const r of [bare, none, two])
      console.log(`  ${r.name.padEnd(24)} ${fmt(r.throughput).padStart(6)}   p99 ${fmt(r.p99, 1)} ms`);
    console.log(
      `  the fan-out to 2 endpoints costs the webhook ${fmt((1 - two.throughput / none.throughput) * 100, 1)} % of its throughput; webhook / bare: ${fmt((100 * none.throughput) / bare.throughput, 1)} % without, ${fmt((100 * two.throughput) / bare.throughput, 1)} % with`,
    );
    console.log("\nphase                                events  lost  twice  out of order   figures");
    const line = (name: string, ids: Set<bigint>, vs: ReturnType<typeof verdict>[], figures: string) =>
      console.log(
        `${name.padEnd(36)} ${String(ids.size).padStart(6)}  ${String(sum(vs, "lost")).padStart(4)}  ${String(sum(vs, "twice")).padStart(5)}  ${String(sum(vs, "outOfOrder")).padStart(12)}   ${figures}`,
      );
    line(
      `${CHANGES} changes at ${RATE}/s`,
      steadyIds,
      steadyVerdicts,
      `commit → 2xx p50 ${latency.map((l) => fmt(l.p50)).join("/")} ms, p99 ${latency.map((l) => fmt(l.p99)).join("/")} ms, max ${latency.map((l) => fmt(l.max)).join("/")} ms (per endpoint); webhook answers p99 ${fmt(steady.p99, 1)} ms`,
    );
    line(
      `backlog of ${BURST} changes, resumed`,
      burstIds,
      burstVerdicts,
      `${fmt(sustained)} deliveries/s sustained (both endpoints)`,
    );
    line(
      `${FAULT_CHANGES} changes, ${fmt(FAULTS * 100)} % receiver faults`,
      faultIds,
      faultVerdicts,
      `${sinks.reduce((n, s, i) => n + s.failed - failedBefore[i]!, 0)} requests failed on purpose; all delivered ${fmt(faultSpan / 1000, 1)} s after the first change; dead-lettered ${dead}`,
    );
    const p99 = Math.max(...latency.map((l) => l.p99));
    const lost = sum([...steadyVerdicts, ...burstVerdicts, ...faultVerdicts], "lost");
    console.log("\ntargets:");
    console.log(
      `  ${p99 < 500 ? "✓" : "✗"} p99 from commit to the receiver's 2xx at ${RATE} changes/s < 500 ms (${fmt(p99)} ms)`,
    );
    console.log(
      `  ${lost === 0 && dead === 0 ? "✓" : "✗"} zero lost, with ${fmt(FAULTS * 100)} % receiver 5xx/timeouts (${lost} lost, ${dead} dead-lettered)`,
    );
    const disorder = sum([...steadyVerdicts, ...burstVerdicts, ...faultVerdicts], "outOfOrder");
    console.log(`  ${disorder === 0 ? "✓" : "✗"} in order per subscription (${disorder} out of order)`);
  } finally {
    await Promise.all(sinks.map((s) => s.stop()));
    await db.end();
    await started.stop();
  }
}

const sum = (vs: ReturnType<typeof verdict>[], key: keyof ReturnType<typeof verdict>) =>
  vs.reduce((n, v) => n + v[key], 0);

async function scalar(db: pg.Pool, sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: string }>(sql, values);
  return Number(rows[0]?.n ?? 0);
}

const lastEventId = async (db: pg.Pool) => BigInt(await scalar(db, `SELECT coalesce(max(id), 0) AS n FROM "Event"`));

async function subscriptionEventsAfter(db: pg.Pool, after: bigint): Promise<Set<bigint>> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM "Event" WHERE id > $1 AND type = ANY($2)`, [
    after.toString(),
    SUBSCRIPTION_EVENT_TYPES,
  ]);
  return new Set(rows.map((r) => BigInt(r.id)));
}

async function subscriptionsOf(db: pg.Pool, eventIds: Set<bigint>, count: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT DISTINCT "subscriptionId" AS id FROM "Event" WHERE id = ANY($1) AND "subscriptionId" IS NOT NULL LIMIT $2`,
    [[...eventIds].map(String), count],
  );
  return rows.map((r) => r.id);
}

/** Two endpoints for every subscription event, registered as the admin page does (a Standard Webhooks secret each). */
async function registerEndpoints(db: pg.Pool, sinks: EventSink[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, sink] of sinks.entries()) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO "EventEndpoint" (id, name, url, "eventTypes", secret, "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`,
      [id, `bench ${i + 1}`, sink.url, SUBSCRIPTION_EVENT_TYPES, `whsec_${randomBytes(32).toString("base64")}`],
    );
    ids.push(id);
  }
  return ids;
}

async function setDeleted(db: pg.Pool, ids: string[], deleted: boolean) {
  await db.query(`UPDATE "EventEndpoint" SET "deletedAt" = ${deleted ? "now()" : "NULL"} WHERE id = ANY($1)`, [ids]);
}

/** Pauses or resumes the endpoints; resuming wakes each one's delivery job, as the admin page's Resume does. */
async function setStatus(db: pg.Pool, ids: string[], status: "paused" | "active") {
  await db.query(`UPDATE "EventEndpoint" SET status = $2 WHERE id = ANY($1)`, [ids, status]);
  if (status === "active")
    for (const id of ids)
      await db.query(
        `SELECT graphile_worker.add_job('events.deliver', json_build_object('endpointId', $1::text), queue_name => 'events.deliver:' || $1, job_key => 'events.deliver:' || $1)`,
        [id],
      );
}

/** Waits until no message is pending. */
async function waitDelivered(db: pg.Pool, timeoutMs = 300_000): Promise<void> {
  const started = Date.now();
  while ((await scalar(db, `SELECT count(*) AS n FROM "OutboundMessage" WHERE state = 'pending'`)) > 0) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`outbound messages still pending after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/**
 * Three seat changes per subscription, at `rate` changes per second, each as the one writer makes it: the
 * subscription's row locked, its new state and its event in one transaction. A subscription's three
 * follow each other closely (so that a failed first one must hold back the next two).
 */
async function writeChanges(db: pg.Pool, subscriptions: string[], rate: number) {
  const order = subscriptions.flatMap((id) => [id, id, id]);
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  const locks = new Map<string, Promise<void>>();
  for (const [i, id] of order.entries()) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    const previous = locks.get(id) ?? Promise.resolve();
    const change = previous.then(() => writeChange(db, id));
    locks.set(id, change);
    pending.push(change);
  }
  await Promise.all(pending);
}

async function writeChange(db: pg.Pool, subscriptionId: string) {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ quantity: number | null }>(
      `SELECT quantity FROM "Subscription" WHERE id = $1 FOR UPDATE`,
      [subscriptionId],
    );
    const before = rows[0]?.quantity ?? 1;
    await client.query(`UPDATE "Subscription" SET quantity = $2 WHERE id = $1`, [subscriptionId, before + 1]);
    await client.query(
      `INSERT INTO "Event" (type, "actorType", "actorId", action, "subjectType", "subjectId", "subscriptionId", before, after)
       VALUES ('subscription.quantity_changed', 'system', 'bench', 'bench.seats', 'subscription', $1, $1, $2, $3)`,
      [subscriptionId, JSON.stringify({ quantity: before }), JSON.stringify({ quantity: before + 1 })],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  } finally {
    client.release();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
