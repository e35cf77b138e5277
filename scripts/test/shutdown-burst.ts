/**
 * SIGTERM during a burst of webhook deliveries loses none (part of the smoke test, scripts/test/smoke.ts).
 *
 * Real deliveries (the simulator's Subscribe webhooks for auto-activation purchases, its own sending
 * dropped, as bench/webhook.ts does) are posted over several connections; a third of the way through, the
 * server gets SIGTERM. What it answered 200 it must apply; what it did not answer (connection refused or
 * cut, 5xx) Microsoft retries, and so does this test once the server is started again. In the end every
 * delivery must be Applied exactly once: one inbox row, one subscription, one `webhook.Subscribe` event.
 */
import http from "node:http";
import pg from "pg";
import { send } from "../../bench/lib/load";
import { control, prepareDeliveries } from "../../bench/lib/webhook-setup";
import type { RunningServer } from "./standalone-stack";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type BurstResult = {
  sent: number;
  acceptedBeforeExit: number;
  retried: number;
  exitCode: number | null;
  stopSeconds: number;
  problems: string[];
};

export async function sigtermDuringBurst(options: {
  count: number;
  simulator: string;
  databaseUrl: string;
  server: RunningServer;
  restart: () => Promise<RunningServer>;
}): Promise<BurstResult> {
  const { count, simulator, databaseUrl } = options;
  const deliveries = await prepareDeliveries(simulator, count);
  const tokens = await Promise.all(
    Array.from(
      { length: 8 },
      async () =>
        `Bearer ${(await control<{ token: string }>(simulator, "POST", "/tokens/mint", { preset: "webhook" })).token}`,
    ),
  );
  const webhook = new URL("/api/webhooks/marketplace", options.server.url);
  const statuses = new Array<number>(deliveries.length).fill(0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let next = 0;
  let signalledAt = 0;
  const signalAfter = Math.floor(count / 3);
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < deliveries.length) {
        const i = next++;
        if (i === signalAfter) {
          signalledAt = performance.now();
          options.server.child.kill("SIGTERM");
        }
        statuses[i] = await send(agent, webhook, deliveries[i]!.body, tokens[i % tokens.length]!);
      }
    }),
  );
  agent.destroy();
  const exitCode = await options.server.exited;
  const stopSeconds = (performance.now() - signalledAt) / 1000;
  const problems: string[] = [];
  const heartbeats = await query<{ n: string }>(databaseUrl, `SELECT count(*) AS n FROM "JobWorker"`);
  if (Number(heartbeats[0]?.n) !== 0) problems.push(`the stopped server left ${heartbeats[0]?.n} heartbeat row(s)`);
  const acceptedBeforeExit = statuses.filter((s) => s === 200).length;
  if (acceptedBeforeExit === count)
    problems.push("the server answered every delivery: SIGTERM came too late to test anything");
  if (exitCode !== 0)
    problems.push(`the server exited with ${exitCode} after SIGTERM (0 expected: everything finished in time)`);
  const lines = options.server.output.join("\n");
  for (const message of ["shutting down", "shutdown: requests finished", "shutdown: done"])
    if (!lines.includes(message)) problems.push(`the server's log lacks "${message}"`);

  // Microsoft retries what was not acknowledged; so does the test, on the restarted server.
  const restarted = await options.restart();
  const retry = deliveries.map((d, i) => ({ d, i })).filter(({ i }) => statuses[i] !== 200);
  const again = new http.Agent({ keepAlive: true, maxSockets: 8 });
  for (const { d, i } of retry) {
    for (let attempt = 0; statuses[i] !== 200 && attempt < 5; attempt++)
      statuses[i] = await send(again, new URL("/api/webhooks/marketplace", restarted.url), d.body, tokens[0]!);
    if (statuses[i] !== 200) problems.push(`delivery ${d.operationId} still answered ${statuses[i]} after the restart`);
  }
  again.destroy();

  const ids = deliveries.map((d) => d.operationId);
  const deadline = Date.now() + 90_000;
  let rows: { status: string; events: string }[] = [];
  while (Date.now() < deadline) {
    rows = await query(
      databaseUrl,
      `SELECT d.status, (SELECT count(*) FROM "Event" e WHERE e."subjectId" = d."subscriptionId" AND e.action = 'webhook.Subscribe') AS events
         FROM "WebhookDelivery" d WHERE d."operationId" = ANY($1)`,
      [ids],
    );
    if (rows.length === count && rows.every((r) => r.status === "Applied")) break;
    await sleep(500);
  }
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  if (rows.length !== count) problems.push(`${count - rows.length} of ${count} deliveries are not in the inbox (lost)`);
  if (byStatus.Applied !== count) problems.push(`not every delivery ended Applied: ${JSON.stringify(byStatus)}`);
  const twice = rows.filter((r) => Number(r.events) !== 1).length;
  if (twice) problems.push(`${twice} deliveries were not applied exactly once (webhook.Subscribe events ≠ 1)`);
  return { sent: count, acceptedBeforeExit, retried: retry.length, exitCode, stopSeconds, problems };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
