import { afterEach, describe, expect, it } from "vitest";
import { enqueue } from "@/lib/data/job-queue";
import { getDb } from "@/lib/db";
import { metrics } from "./registry";
import { scrapeMetrics } from "./scrape";

// The gauges are read from the test's real database (PGlite, or PostgreSQL in the postgres step).

afterEach(async () => {
  await getDb().$executeRaw`DELETE FROM graphile_worker._private_jobs`;
  await getDb().eventEndpoint.deleteMany();
});

/** The value of one series of the exposition text, or undefined. */
const valueOf = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("/api/metrics' content", () => {
  it("counts the queue's jobs per task and state, and how long the oldest due one has waited", async () => {
    const hourAgo = new Date(Date.now() - 3_600_000);
    await enqueue("metrics.test", { n: 1 }, { runAt: hourAgo });
    await enqueue("metrics.test", { n: 2 });
    await enqueue("metrics.test", { n: 3 }, { runAt: new Date(Date.now() + 600_000) });
    await enqueue("metrics.test", { n: 4 }, { maxAttempts: 1 });
    // One ran out of attempts, one is held by a worker.
    await getDb().$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = 1 WHERE payload->>'n' = '4'`;
    await getDb()
      .$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'test' WHERE payload->>'n' = '2'`;

    const { body, contentType } = await scrapeMetrics();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(valueOf(body, 'portal_jobs{task="metrics.test",state="ready"}')).toBe(1);
    expect(valueOf(body, 'portal_jobs{task="metrics.test",state="running"}')).toBe(1);
    expect(valueOf(body, 'portal_jobs{task="metrics.test",state="scheduled"}')).toBe(1);
    expect(valueOf(body, 'portal_jobs{task="metrics.test",state="failed"}')).toBe(1);
    const oldest = valueOf(body, 'portal_jobs_oldest_ready_seconds{task="metrics.test"}')!;
    expect(oldest).toBeGreaterThan(3_590);
    expect(oldest).toBeLessThan(3_700);
    expect(valueOf(body, 'portal_webhook_inbox{status="Queued"}')).toBeGreaterThanOrEqual(0);
  });

  it("counts outbound events pending (with the oldest one's age) and dead, not the delivered ones", async () => {
    const db = getDb();
    const endpoint = await db.eventEndpoint.create({
      data: { name: "crm", url: "https://crm.example/events", eventTypes: ["*"], secret: "whsec_test" },
    });
    const message = (eventId: number, state: "pending" | "delivered" | "dead", ageSeconds: number) => ({
      endpointId: endpoint.id,
      eventId,
      state,
      createdAt: new Date(Date.now() - ageSeconds * 1000),
    });
    await db.outboundMessage.createMany({
      data: [
        message(1, "delivered", 9_000),
        message(2, "dead", 8_000),
        message(3, "pending", 600),
        message(4, "pending", 5),
      ],
    });
    const { body } = await scrapeMetrics();
    expect(valueOf(body, 'portal_outbound_events{state="pending"}')).toBe(2);
    expect(valueOf(body, 'portal_outbound_events{state="dead"}')).toBe(1);
    const oldest = valueOf(body, "portal_outbound_oldest_pending_seconds")!;
    expect(oldest).toBeGreaterThan(590);
    expect(oldest).toBeLessThan(700);
  });

  it("serves this process's counters beside the gauges, the same registry however often it is asked", async () => {
    metrics().marketplaceCalls.inc({ operation: "getSubscription", status: 200 });
    metrics().marketplaceCalls.inc({ operation: "getSubscription", status: 200 });
    const { body } = await scrapeMetrics();
    expect(valueOf(body, 'portal_marketplace_calls_total{operation="getSubscription",status="200"}')).toBe(2);
    expect(body).toContain("portal_process_cpu_seconds_total");
    expect((await scrapeMetrics()).body).toContain(
      'portal_marketplace_calls_total{operation="getSubscription",status="200"} 2',
    );
  });
});
