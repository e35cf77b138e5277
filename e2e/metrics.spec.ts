import { expect, test } from "@playwright/test";
import { sim } from "./support/simulator";
import { METRICS_TOKEN } from "./test-env";

// Prometheus metrics on the real server (`npm start`, METRICS_TOKEN set): refused without the token, and
// counting what the portal did, from the route (webhook receipts) and from the job workers (Microsoft's calls).

const valueOf = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

test("/api/metrics is refused without the token (401 problem) and with a wrong one", async ({ request }) => {
  for (const headers of [
    {} as Record<string, string>,
    { authorization: `Bearer ${METRICS_TOKEN}-wrong` },
    { authorization: "Basic x" },
  ]) {
    const refused = await request.get("/api/metrics", { headers });
    expect(refused.status()).toBe(401);
    expect(refused.headers()["content-type"]).toBe("application/problem+json");
    expect(refused.headers()["www-authenticate"]).toBe('Bearer realm="metrics"');
    expect(await refused.text()).not.toContain("portal_");
  }
});

test("/api/metrics counts webhook receipts by status and the workers' calls to Microsoft", async ({ request }) => {
  const scrape = async () => {
    const answer = await request.get("/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(answer.status()).toBe(200);
    expect(answer.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    return answer.text();
  };
  const before = await scrape();
  for (let i = 0; i < 3; i++)
    expect((await request.post("/api/webhooks/marketplace", { data: "{}" })).status()).toBe(401);
  // A real delivery, applied by a worker: Microsoft (the simulator) is asked Get Operation and Get Subscription.
  await sim.purchase({ personaId: "alice", planId: "auto" }); // auto-activation: Microsoft sends Subscribe
  await expect
    .poll(async () => {
      const now = await scrape();
      return {
        refused:
          valueOf(now, 'portal_webhook_receipts_total{status="401"}') -
          valueOf(before, 'portal_webhook_receipts_total{status="401"}'),
        received:
          valueOf(now, 'portal_webhook_receipts_total{status="200"}') >
          valueOf(before, 'portal_webhook_receipts_total{status="200"}'),
        applied:
          valueOf(now, 'portal_webhook_deliveries_total{outcome="Applied"}') >
          valueOf(before, 'portal_webhook_deliveries_total{outcome="Applied"}'),
        asked: /portal_marketplace_calls_total\{operation="[^"]+",status="200"\} [1-9]/.test(now),
      };
    })
    .toEqual({ refused: 3, received: true, applied: true, asked: true });
  const text = await scrape();
  expect(text).toMatch(/^portal_jobs_oldest_ready_seconds\{task="[^"]+"\} /m);
  expect(text).toMatch(/^portal_webhook_oldest_queued_seconds \d/m);
});
