/**
 * The soak's verdict, computed from what each side recorded: the simulator's truth and webhook log, the
 * portal's database, every instance's log, the outbound receiver, and the scheduled jobs the queue added.
 */
import fs from "node:fs";
import type pg from "pg";
import { SUBSCRIPTION_EVENT_TYPES } from "../../lib/domain/events";
import { verdict as outboundVerdict, type EventSink } from "../lib/event-sink";
import type { SimSubscription } from "./microsoft";

export type Check = { name: string; ok: boolean; detail: string };
const day = (v: string | Date | null | undefined) =>
  v ? (typeof v === "string" ? v : v.toISOString()).slice(0, 10) : null;

/** Every subscription equal to Microsoft's: status, plan, seats, term. */
export async function drift(
  db: pg.Pool,
  truth: SimSubscription[],
): Promise<{ count: number; ids: Set<string>; samples: string[] }> {
  const { rows } = await db.query<{
    id: string;
    status: string;
    planId: string;
    quantity: number | null;
    termStartDate: Date | null;
    termEndDate: Date | null;
    termUnit: string | null;
  }>(`SELECT id, status, "planId", quantity, "termStartDate", "termEndDate", "termUnit" FROM "Subscription"`);
  const portal = new Map(rows.map((r) => [r.id, r]));
  const samples: string[] = [];
  const ids = new Set<string>();
  for (const s of truth) {
    const p = portal.get(s.id);
    const want = {
      status: s.saasSubscriptionStatus,
      plan: s.planId,
      seats: s.quantity ?? null,
      start: day(s.term?.startDate),
      end: day(s.term?.endDate),
      unit: s.term?.termUnit ?? null,
    };
    const got = p && {
      status: p.status,
      plan: p.planId,
      seats: p.quantity,
      start: day(p.termStartDate),
      end: day(p.termEndDate),
      unit: p.termUnit,
    };
    if (!got) {
      ids.add(s.id);
      samples.push(`${s.id}: missing (${want.status})`);
    } else {
      const diff = (Object.keys(want) as (keyof typeof want)[]).filter((k) => want[k] !== got[k]);
      if (diff.length) ids.add(s.id);
      if (diff.length)
        samples.push(`${s.id}: ${diff.map((k) => `${k} ${String(got[k])} ≠ ${String(want[k])}`).join(", ")}`);
    }
  }
  return { count: samples.length, ids, samples: samples.slice(0, 5) };
}

/**
 * Every delivery Microsoft made (not the dropped ones) is in the inbox with a final status and a reason.
 * Pending (decided and answered; Microsoft's subscription never showed the change) is closed only when
 * its subscription ended equal to Microsoft's (`inSync`): reconciliation then holds the truth.
 */
export async function inbox(db: pg.Pool, delivered: Set<string>, drifted: Set<string>) {
  const { rows } = await db.query<{
    operationId: string;
    subscriptionId: string;
    status: string;
    outcome: string | null;
  }>(
    `SELECT "operationId", "subscriptionId", status::text, outcome FROM "WebhookDelivery" WHERE "operationId" = ANY($1)`,
    [[...delivered]],
  );
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const closed = (r: (typeof rows)[number]) =>
    !!r.outcome &&
    (["Applied", "Ignored", "Refused"].includes(r.status) ||
      (r.status === "Pending" && !drifted.has(r.subscriptionId)));
  const final = rows.filter(closed);
  return {
    byStatus,
    lost: delivered.size - final.length,
    missing: delivered.size - rows.length,
    pendingInSync: rows.filter((r) => r.status === "Pending" && closed(r)).length,
    samples: rows.filter((r) => !closed(r)).slice(0, 3),
  };
}

/** The instances' log lines: operations applied more than once, and error-level lines without a cause. */
export function logs(files: string[]) {
  const applied = new Map<string, number>();
  const uncaused: string[] = [];
  let errors = 0;
  let unhandled = 0;
  for (const file of files)
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      // Next.js prints a rejection nobody handled as text (the error's own message is its cause).
      if (line.startsWith("⨯ unhandledRejection")) unhandled++;
      if (!line.startsWith("{")) continue;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (entry.msg === "webhook delivery applied" && entry.status === "Applied") {
        const id = String(entry.operationId);
        applied.set(id, (applied.get(id) ?? 0) + 1);
      }
      if (Number(entry.level) >= 50) {
        errors++;
        if (!("err" in entry) && !("cause" in entry) && !("reason" in entry))
          uncaused.push(`${file}: ${String(entry.msg)}`);
      }
    }
  return { twice: [...applied.values()].filter((n) => n > 1).length, errors, unhandled, uncaused };
}

/** The cron ticks the job queue added (recorded by a trigger, scripts below): each (task, minute) once, no gap. */
export const CRON_RECORDER_SQL = `
  CREATE TABLE IF NOT EXISTS bench_cron_tick (task text, ts text, at timestamptz DEFAULT now());
  CREATE OR REPLACE FUNCTION bench_record_cron() RETURNS trigger AS $$ BEGIN
    IF NEW.payload::jsonb ? '_cron' THEN
      INSERT INTO bench_cron_tick (task, ts) SELECT identifier, NEW.payload::jsonb->'_cron'->>'ts'
        FROM graphile_worker._private_tasks WHERE id = NEW.task_id;
    END IF;
    RETURN NEW; END $$ LANGUAGE plpgsql;
  DROP TRIGGER IF EXISTS bench_record_cron ON graphile_worker._private_jobs;
  CREATE TRIGGER bench_record_cron AFTER INSERT ON graphile_worker._private_jobs FOR EACH ROW EXECUTE FUNCTION bench_record_cron();`;

export async function cronTicks(db: pg.Pool) {
  const { rows } = await db.query<{ task: string; ticks: string; twice: string; gaps: string }>(
    `WITH t AS (SELECT task, ts, count(*) AS n FROM bench_cron_tick GROUP BY task, ts),
          m AS (SELECT task, min(ts::timestamptz) AS first, max(ts::timestamptz) AS last FROM t GROUP BY task)
     SELECT t.task, count(*) AS ticks, count(*) FILTER (WHERE n > 1) AS twice,
       (SELECT extract(epoch FROM m.last - m.first) / 60 + 1 FROM m WHERE m.task = t.task) - count(*) AS gaps
     FROM t GROUP BY t.task ORDER BY t.task`,
  );
  return rows.map((r) => ({ task: r.task, ticks: Number(r.ticks), twice: Number(r.twice), gaps: Number(r.gaps) }));
}

/** Outbound events: every subscription event since `afterId` accepted at least once, in order per subscription. */
export async function outbound(db: pg.Pool, sink: EventSink, afterId: bigint) {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM "Event" WHERE id > $1 AND type = ANY($2)`, [
    afterId.toString(),
    SUBSCRIPTION_EVENT_TYPES,
  ]);
  const ids = new Set(rows.map((r) => BigInt(r.id)));
  return { events: ids.size, ...outboundVerdict(sink, ids) };
}

/** Resident memory after warm-up (information only: V8 grows its heap lazily and the allocator keeps pages). */
export function rssGrowth(samples: number[]): { first: number; last: number; ratio: number } {
  const { head, tail } = warmThirds(samples);
  const first = median(head);
  const last = Math.max(...tail);
  return { first, last, ratio: last / first };
}

/** A series without its first fifth (warm-up), and the first and last thirds of what remains. */
function warmThirds(samples: number[]): { warm: number[]; head: number[]; tail: number[] } {
  const warm = samples.slice(Math.floor(samples.length / 5));
  const third = Math.max(1, Math.floor(warm.length / 3));
  return { warm, head: warm.slice(0, third), tail: warm.slice(-third) };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

export type HeapSample = {
  t: number;
  pid: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
};

/**
 * The heap samples bench/cluster/heap-sampler.mjs wrote for one instance between `since` and `until`, of its
 * last life only (a restarted instance starts its series anew), without that life's first `LIFE_WARM_UP_MS`:
 * a process restarted mid-soak loads its routes then (a step of ~12 MB, measured), and its short series
 * would otherwise carry the step into its first third.
 */
export const LIFE_WARM_UP_MS = 30_000;

export function heapSeries(file: string, since: number, until: number): HeapSample[] {
  const all = fs.existsSync(file)
    ? fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as HeapSample)
    : [];
  const life = all.filter((s) => s.pid === all.at(-1)?.pid);
  const warm = (life[0]?.t ?? 0) + LIFE_WARM_UP_MS;
  return life.filter((s) => s.t >= Math.max(since, warm) && s.t <= until);
}

/** Fewer samples than this after warm-up (a short life, a short run) cannot tell growth from noise. */
export const HEAP_MIN_SAMPLES = 6;

/**
 * Heap used after a full GC (MB), the first fifth dropped as warm-up (the soak's first requests load routes
 * and modules the throughput phase did not: a step of ~12 MB, measured): the last third's median against
 * the first third's. A leak grows with the work done, so over a soak at a steady rate its last third sits
 * above its first; what stays after a full GC otherwise is code and bounded caches, and the thirds' medians
 * of the measured runs differed by at most ~1.5 MB. Medians, not peaks: a sample taken while a burst's
 * requests are in flight holds their live objects. The allowance, 10 % plus 5 MB, is several times that
 * noise; at 3 instances × 5 s samples over the 10 000-delivery soak it fails a leak of about 5 MB a
 * minute per instance (a few KB kept per delivery).
 */
export function heapGrowth(heapMb: number[]): {
  first: number;
  last: number;
  samples: number;
  judged: boolean;
  ok: boolean;
} {
  const { warm, head, tail } = warmThirds(heapMb);
  const first = median(head);
  const last = median(tail);
  const judged = warm.length >= HEAP_MIN_SAMPLES;
  return { first, last, samples: warm.length, judged, ok: !judged || last <= first * 1.1 + 5 };
}

/**
 * Throughput phases shorter than this are not judged: at CI size (300 deliveries, 3 s per phase) a build or
 * test beside the run moves the ratio by ±50 % (measured 0.93×, 1.12×, 1.40×, 1.62×).
 */
export const SCALE_OUT_MIN_DELIVERIES = 1000;

/** The issue's rule: on the same cores, N instances apply at least 0.9× what one applies (coordination costs little). */
export function scaleOut(
  one: { deliveries: number; appliedPerSecond: number },
  many: { deliveries: number; appliedPerSecond: number },
): { ratio: number; enforced: boolean; ok: boolean } {
  const ratio = many.appliedPerSecond / one.appliedPerSecond;
  const enforced = Math.min(one.deliveries, many.deliveries) >= SCALE_OUT_MIN_DELIVERIES;
  return { ratio, enforced, ok: enforced ? ratio >= 0.9 : Number.isFinite(ratio) };
}
