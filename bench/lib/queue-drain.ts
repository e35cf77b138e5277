import { withClient } from "./webhook-setup";

/**
 * The webhook answers once a delivery is stored; workers apply it afterwards. These read the portal's
 * database to see that work: wait until the queue is empty, and how long deliveries took from receipt to
 * applied (the applying worker attempt's time minus the delivery's receipt).
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until no delivery is Queued or Running (or `timeoutMs` passes); returns how long it took. */
export async function waitForDrain(dbUrl: string, timeoutMs = 300_000): Promise<number> {
  const started = performance.now();
  await withClient(dbUrl, async (db) => {
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM "WebhookDelivery" WHERE status IN ('Queued', 'Running')`,
      );
      if (Number(rows[0]?.n) === 0 || performance.now() - started > timeoutMs) return;
      await sleep(100);
    }
  });
  return performance.now() - started;
}

export type ApplyTimes = {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** count / (last applied − first received): receipts and work together. */
  drainPerSecond: number;
  /** Deliveries not applied yet when the last of them was received: the backlog the burst left. */
  backlog: number;
  /** That backlog / (last applied − last received): how fast the workers emptied it. */
  backlogPerSecond: number;
};

/**
 * For the deliveries of `operationIds` that were applied: receipt → applied, p50/p99/max in ms, the rate at
 * which the workers got through them (count / (last applied − first received)), and the backlog left when
 * the last one arrived with the rate at which it drained.
 */
export function applyTimes(dbUrl: string, operationIds: string[]): Promise<ApplyTimes> {
  return withClient(dbUrl, async (db) => {
    const { rows } = await db.query<{
      count: string;
      p50: number;
      p99: number;
      max: number;
      span: number;
      backlog: string;
      backlogSpan: number;
    }>(
      `WITH t AS (
         SELECT d."receivedAt" AS received, max(a."at") AS applied FROM "WebhookDelivery" d
         JOIN "WebhookAttempt" a ON a."deliveryId" = d.id AND a.source = 'queue'
         WHERE d."operationId" = ANY($1) AND d.status = 'Applied' GROUP BY d.id)
       SELECT count(*) AS count,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM applied - received)) * 1000 AS p50,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM applied - received)) * 1000 AS p99,
         max(extract(epoch FROM applied - received)) * 1000 AS max,
         extract(epoch FROM max(applied) - min(received)) * 1000 AS span,
         count(*) FILTER (WHERE applied > (SELECT max(received) FROM t)) AS backlog,
         extract(epoch FROM max(applied) - max(received)) * 1000 AS "backlogSpan"
       FROM t`,
      [operationIds],
    );
    const r = rows[0]!;
    const count = Number(r.count);
    return {
      count,
      p50: Number(r.p50),
      p99: Number(r.p99),
      max: Number(r.max),
      drainPerSecond: (count * 1000) / Number(r.span),
      backlog: Number(r.backlog),
      backlogPerSecond: (Number(r.backlog) * 1000) / Number(r.backlogSpan),
    };
  });
}
