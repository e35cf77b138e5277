/**
 * After the soak's traffic: everything Microsoft still had to deliver is delivered, the portal's queue is
 * empty, a reconciliation that started after the last change has finished (it repairs what dropped
 * deliveries left), and the outbound events are all delivered. Also the simulator's webhook log, read all
 * along the run (the simulator keeps only its newest 2 000 entries).
 */
import type pg from "pg";
import { percentile } from "../lib/load";
import { waitForDrain } from "../lib/queue-drain";
import type { Marketplace } from "./microsoft";

type Entry = {
  id: string;
  operationId: string;
  subscriptionId: string;
  action: string;
  state: string;
  attempts: { statusCode?: number; durationMs: number }[];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UNFINISHED = new Set(["scheduled", "in-flight", "held"]);

export class WebhookLog {
  readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<unknown> = Promise.resolve();

  constructor(private readonly ms: Marketplace) {}

  start() {
    this.timer = setInterval(() => void (this.polling = this.poll()), 2_000);
  }

  stop() {
    clearInterval(this.timer);
  }

  async poll(): Promise<number> {
    await this.polling;
    const { deliveries } = await this.ms.control<{ deliveries: Entry[] }>("GET", "/webhooks").catch(() => ({
      deliveries: [] as Entry[],
    }));
    for (const d of deliveries) this.entries.set(d.id, d);
    return deliveries.filter((d) => UNFINISHED.has(d.state)).length;
  }

  /** Operations Microsoft delivered (answered or given up; not the dropped ones). */
  delivered(): Set<string> {
    return new Set([...this.entries.values()].filter((d) => d.state !== "dropped").map((d) => d.operationId));
  }

  byState(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const d of this.entries.values()) out[d.state] = (out[d.state] ?? 0) + 1;
    return out;
  }

  /** The portal's answer time as Microsoft saw it, over every 2xx attempt. */
  ackP99(): number {
    const ms = [...this.entries.values()]
      .flatMap((d) => d.attempts)
      .filter((a) => a.statusCode !== undefined && a.statusCode < 300)
      .map((a) => a.durationMs)
      .sort((a, b) => a - b);
    return percentile(ms, 99);
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(1_000);
  }
  console.log(`  (gave up waiting: ${what})`);
  return false;
}

export type Settled = { seconds: number; reconciliation: string | null };

export async function settle(db: pg.Pool, dbUrl: string, log: WebhookLog): Promise<Settled> {
  const started = Date.now();
  const scalar = async (sql: string, values: unknown[] = []) =>
    (await db.query<{ v: string | null }>(sql, values)).rows[0]?.v ?? null;
  await until("Microsoft's last deliveries", async () => (await log.poll()) === 0, 180_000);
  await waitForDrain(dbUrl, 180_000);
  // A reconciliation that starts after every change (the schedule runs one a minute).
  const after = new Date();
  await until(
    "a reconciliation started after the traffic",
    async () =>
      (await scalar(
        `SELECT id::text AS v FROM "ReconciliationRun" WHERE "startedAt" > $1 AND status = 'Succeeded' LIMIT 1`,
        [after],
      )) !== null,
    200_000,
  );
  const reconciliation = await scalar(
    `SELECT id::text AS v FROM "ReconciliationRun" WHERE "startedAt" > $1 ORDER BY "startedAt" LIMIT 1`,
    [after],
  );
  await waitForDrain(dbUrl, 120_000);
  await until(
    "outbound events",
    async () => Number(await scalar(`SELECT count(*)::text AS v FROM "OutboundMessage" WHERE state = 'pending'`)) === 0,
    180_000,
  );
  return { seconds: (Date.now() - started) / 1000, reconciliation };
}
