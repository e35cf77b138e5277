import { randomUUID } from "node:crypto";
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { enqueue, startJobRunner } from "@/lib/data/job-queue";
import { dispatchDeliveries } from "@/lib/data/webhook-queue";
import { receiveDelivery } from "@/lib/data/webhook-receipts";
import { getDb } from "@/lib/db";
import { taskList } from "@/lib/jobs/start";
import { defineTask } from "@/lib/jobs/task";
import { MarketplaceClient } from "@/lib/marketplace";
import { injectFault, purchase, simulatorClient, TEST_POLICY } from "@/test/marketplace-support";
import { lifecycle, setUpOutboundTest } from "@/test/outbound-support";
import { startRecordingProxy, type RecordingProxy } from "@/test/recording-proxy";
import { startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { NEXT_SPANS_NOT_EXPORTED, registerTracing, type TracingHandle } from "./sdk";
import { inSpan } from "./spans";

// The portal's own registration (sdk.ts) with an in-memory exporter, against the simulator over HTTPS,
// the job queue on the test's database, and a loopback receiver of outbound events.

const exporter = new InMemorySpanExporter();
let tracing: TracingHandle;
let sim: SimulatorProcess;
let proxy: RecordingProxy;

beforeAll(async () => {
  tracing = registerTracing(
    { exporter: "otlp", serviceName: "portal-test", url: undefined, headers: undefined },
    { processor: new SimpleSpanProcessor(exporter) },
  );
  sim = await startSimulatorProcess();
  proxy = await startRecordingProxy(sim.apiUrl);
});
afterAll(async () => {
  await tracing?.shutdown();
  await proxy?.stop();
  await sim?.stop();
});
beforeEach(() => exporter.reset());

const spans = (name: string | RegExp) =>
  exporter.getFinishedSpans().filter((s) => (typeof name === "string" ? s.name === name : name.test(s.name)));
const traceparentOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe("Next.js's own spans", () => {
  it("are exported, but for its per-request bookkeeping leaves", async () => {
    await inSpan("POST /api/webhooks/marketplace", {}, async () => {
      for (const name of NEXT_SPANS_NOT_EXPORTED) await inSpan(name, {}, async () => {});
      await inSpan("executing api route (app) /api/webhooks/marketplace", {}, async () => {});
    });
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual([
      "executing api route (app) /api/webhooks/marketplace",
      "POST /api/webhooks/marketplace",
    ]);
  });
});

describe("a call to Microsoft", () => {
  it("is a span per attempt, named by operation, with status, attempt and the ids sent and answered; each request carries its traceparent", async () => {
    const { tokens } = simulatorClient(sim);
    const client = new MarketplaceClient({ baseUrl: proxy.url, tokens, policy: TEST_POLICY });
    const bought = await purchase(sim, { planId: "basic" });
    await injectFault(sim, { endpoint: "resolve", kind: "throttle", count: 1, retryAfterSeconds: 0 });
    const correlationId = randomUUID();
    const resolved = await inSpan("landing page", {}, () => client.resolve(bought.token, { correlationId }));
    expect(resolved.id).toBe(bought.subscriptionId);

    const attempts = spans("marketplace resolve");
    const [parent] = spans("landing page");
    expect(attempts.map((s) => s.attributes["marketplace.attempt"])).toEqual([1, 2]);
    expect(attempts.map((s) => s.attributes["http.response.status_code"])).toEqual([429, 200]);
    expect(attempts.map((s) => s.status.code)).toEqual([2, 0]); // ERROR (throttled), then UNSET
    expect(attempts[0]!.attributes["error.type"]).toBe("throttled");

    const sent = proxy.exchanges.filter((e) => e.path.startsWith("/api/saas/subscriptions/resolve"));
    expect(sent).toHaveLength(2);
    attempts.forEach((span, i) => {
      const exchange = sent[i]!;
      expect(span.attributes).toMatchObject({
        "marketplace.operation": "resolve",
        "http.request.method": "POST",
        "url.template": "/saas/subscriptions/resolve",
        "marketplace.request.x_ms_correlationid": correlationId,
        "marketplace.request.x_ms_requestid": exchange.request["x-ms-requestid"],
        // What the simulator (Microsoft) answered, read from its response on the wire.
        "marketplace.response.x_ms_correlationid": exchange.response["x-ms-correlationid"],
        "marketplace.response.x_ms_requestid": exchange.response["x-ms-requestid"],
      });
      expect(exchange.response["x-ms-correlationid"]).toBe(correlationId);
      expect(exchange.request.traceparent).toBe(traceparentOf(span));
      expect(parentOf(span)).toBe(parent!.spanContext().spanId);
    });
    // Never a purchase token in a span: the route is the template, and no header value is copied but the ids.
    expect(JSON.stringify(attempts.map((s) => s.attributes))).not.toContain(bought.token);
  });
});

describe("a job", () => {
  it("runs in a span with task name, job id and attempt, continuing the trace that added it; its database work is traced", async () => {
    let jobId: string | undefined;
    const task = defineTask({
      name: "test.traced",
      payload: z.object({ note: z.string() }),
      async run(_payload, job) {
        jobId = job.id;
        await getDb().event.count();
      },
    });
    await inSpan("admin action", {}, () => enqueue(task.name, { note: "hello" }));
    const runner = await startJobRunner({ tasks: taskList([task]), cron: [], concurrency: 1 });
    try {
      await until(() => spans("job test.traced").length === 1);
    } finally {
      await runner.stop();
    }
    const [job] = spans("job test.traced");
    const [added] = spans("admin action");
    expect(job!.attributes).toEqual({ "job.task": "test.traced", "job.id": jobId, "job.attempt": 1 });
    expect(job!.spanContext().traceId).toBe(added!.spanContext().traceId);
    expect(parentOf(job!)).toBe(added!.spanContext().spanId);
    // Prisma's instrumentation works with the driver adapter: its spans are children of the job's.
    const count = spans("prisma:client:operation").find((s) => s.attributes.name === "Event.count");
    expect(parentOf(count!)).toBe(job!.spanContext().spanId);
    const [query] = spans("prisma:client:db_query").filter((s) => parentOf(s) === count!.spanContext().spanId);
    expect(query!.attributes["db.query.text"]).toMatch(/^SELECT COUNT\(\*\)/);
    // The client's internal steps are left out (sdk.ts): two spans per query, not five.
    expect(spans(/^prisma:client:(serialize|compile|connect)$/)).toEqual([]);
  });
});

describe("a webhook delivery", () => {
  it("hands the request's trace to the job that applies it, through the inbox's dispatch row; none when no span is active", async () => {
    const job = { task: "test.webhook-traced", priority: 0, maxAttempts: 1 };
    const receive = () =>
      receiveDelivery({ operationId: randomUUID(), subscriptionId: null, action: "Unsubscribe", payload: {} }, job, {
        durationMs: 1,
        requestId: null,
      });
    const traced = await inSpan("POST /api/webhooks/marketplace", {}, receive);
    const untraced = await receive();
    expect(await dispatchDeliveries(job, 10)).toBe(2);
    const payloads = await getDb().$queryRaw<{ payload: Record<string, unknown> }[]>`
      SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = ${job.task}`;
    const [request] = spans("POST /api/webhooks/marketplace");
    expect(payloads.map((p) => p.payload)).toEqual(
      expect.arrayContaining([
        { deliveryId: traced.delivery.id, traceparent: traceparentOf(request!) },
        { deliveryId: untraced.delivery.id },
      ]),
    );
    await getDb().$executeRaw`DELETE FROM graphile_worker._private_jobs`;
  });
});

describe("an outbound event delivery", () => {
  const t = setUpOutboundTest();

  it("is a span per attempt with endpoint, event and status; the receiver gets its traceparent", async () => {
    await lifecycle();
    await inSpan("delivery job", {}, () => t.drain(() => t.receiver.accepted().length === 4));
    const deliveries = spans(/^outbound event /);
    expect(deliveries).toHaveLength(4);
    for (const received of t.receiver.received) {
      const eventId = received.webhookId.replace(/^evt_/, "");
      const span = deliveries.find((s) => s.attributes["outbound.event_id"] === eventId)!;
      expect(span.name).toBe(`outbound event ${received.event.type}`);
      expect(span.attributes).toMatchObject({
        "outbound.endpoint_id": t.endpointId,
        "outbound.attempt": 1,
        "http.response.status_code": 204,
      });
      expect(received.headers.traceparent).toBe(traceparentOf(span));
    }
  });
});

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}
