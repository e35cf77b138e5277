import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/**
 * The portal's Prometheus metrics (prom-client). One registry per process, kept on globalThis: Next.js
 * bundles the routes apart from the server's start-up code (which runs the job workers), so a module-level
 * registry would exist twice and the workers' counts would never reach /api/metrics.
 *
 * Labels are small closed sets (statuses, outcomes, Microsoft's operation names, task names): never ids,
 * which would make one series per subscription.
 */

/** Seconds: webhook answers are milliseconds; Microsoft's calls and the queue's work reach seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "portal_" });
  const registers = [registry];
  return {
    registry,
    webhookReceipts: new Counter({
      name: "portal_webhook_receipts_total",
      help: "Webhook deliveries answered, by HTTP status (200: durably received and queued).",
      labelNames: ["status"] as const,
      registers,
    }),
    webhookReceiptSeconds: new Histogram({
      name: "portal_webhook_receipt_duration_seconds",
      help: "Time to answer Microsoft's webhook delivery.",
      buckets: BUCKETS,
      registers,
    }),
    webhookReceiptBatch: new Histogram({
      name: "portal_webhook_receipt_batch_size",
      help: "Webhook receipts written per database statement (group commit under a burst; 1 when idle).",
      buckets: [1, 2, 4, 8, 16, 32, 64, 100],
      registers,
    }),
    webhookDeliveries: new Counter({
      name: "portal_webhook_deliveries_total",
      help: "Webhook delivery attempts by the queue's workers, by outcome (Applied, Ignored, Refused, Failed, Retrying).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    webhookReceiptToDoneSeconds: new Histogram({
      name: "portal_webhook_receipt_to_done_seconds",
      help: "From a delivery's receipt to its outcome (Applied, Ignored or Refused).",
      buckets: BUCKETS,
      registers,
    }),
    marketplaceCalls: new Counter({
      name: "portal_marketplace_calls_total",
      help: "Calls to Microsoft's Fulfillment and Metering APIs, one per attempt, by operation and HTTP status (0: no answer).",
      labelNames: ["operation", "status"] as const,
      registers,
    }),
    marketplaceCallSeconds: new Histogram({
      name: "portal_marketplace_call_duration_seconds",
      help: "Duration of one attempt of a call to Microsoft, by operation.",
      labelNames: ["operation"] as const,
      buckets: BUCKETS,
      registers,
    }),
    outboundDeliveries: new Counter({
      name: "portal_outbound_deliveries_total",
      help: "Outbound event requests to the ISV's endpoints, by outcome (2xx, 4xx, 5xx, or error: no answer).",
      labelNames: ["outcome"] as const,
      registers,
    }),
  };
}

export type PortalMetrics = ReturnType<typeof create>;

export function metrics(): PortalMetrics {
  const holder = globalThis as { portalMetrics?: PortalMetrics };
  return (holder.portalMetrics ??= create());
}
