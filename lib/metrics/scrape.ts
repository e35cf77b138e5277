import "server-only";
import { Gauge, Registry } from "prom-client";
import { jobBacklogByTask, outboundBacklog } from "@/lib/data/job-queue-stats";
import { webhookQueueSummary } from "@/lib/data/webhook-queue";
import { metrics } from "./registry";

/**
 * What /api/metrics answers: this process's counters and histograms, plus gauges read from the database
 * at scrape time (the queue is shared by every instance, so each instance reports the same backlog: sum
 * counters across instances, not these). Read per scrape, not kept up to date: a scrape every 15–60 s
 * costs three small queries.
 */
export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
  const [backlog, inbox, outbound] = await Promise.all([jobBacklogByTask(), webhookQueueSummary(), outboundBacklog()]);
  const shared = new Registry();
  const registers = [shared];
  const jobs = new Gauge({
    name: "portal_jobs",
    help: "Jobs in the shared queue, by task and state (ready, running, scheduled, failed).",
    labelNames: ["task", "state"] as const,
    registers,
  });
  const oldest = new Gauge({
    name: "portal_jobs_oldest_ready_seconds",
    help: "How long the oldest due job of each task has waited for a worker.",
    labelNames: ["task"] as const,
    registers,
  });
  for (const t of backlog) {
    for (const state of ["ready", "running", "scheduled", "failed"] as const)
      jobs.set({ task: t.task, state }, t[state]);
    oldest.set({ task: t.task }, t.oldestReadySeconds);
  }
  const deliveries = new Gauge({
    name: "portal_webhook_inbox",
    help: "Webhook deliveries not applied yet, by status (Queued, Running).",
    labelNames: ["status"] as const,
    registers,
  });
  deliveries.set({ status: "Queued" }, inbox.queued);
  deliveries.set({ status: "Running" }, inbox.running);
  new Gauge({
    name: "portal_webhook_oldest_queued_seconds",
    help: "Age of the oldest queued webhook delivery (the figure to alert on: Microsoft's changes not applied yet).",
    registers,
  }).set((inbox.oldestQueuedAgeMs ?? 0) / 1000);
  const outboundEvents = new Gauge({
    name: "portal_outbound_events",
    help: "Outbound events not delivered, by state: pending (retrying or waiting) and dead (retries exhausted; replay them).",
    labelNames: ["state"] as const,
    registers,
  });
  outboundEvents.set({ state: "pending" }, outbound.pending);
  outboundEvents.set({ state: "dead" }, outbound.dead);
  new Gauge({
    name: "portal_outbound_oldest_pending_seconds",
    help: "Age of the oldest outbound event not delivered yet (the ISV's application is behind by this much).",
    registers,
  }).set(outbound.oldestPendingSeconds);
  const merged = Registry.merge([metrics().registry, shared]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
