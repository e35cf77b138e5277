/** The webhook inbox's strings (`staff.webhooks`): English only, like the rest of the admin area. */
export const staffWebhooksEn = {
  title: "Webhook inbox",
  intro:
    "Every notification Microsoft sent to the webhook, once per operation however often it was delivered. Microsoft gets its answer once a delivery is stored; a worker then confirms it with Microsoft and applies it. <strong>Queued</strong>: waiting for a worker, or for its next attempt; <strong>Running</strong>: being applied. <strong>Pending</strong>: the portal's answer reached Microsoft, but Microsoft's subscription did not show the change yet; the portal reads it again for about a minute (reconciliation repairs it after a restart). <strong>Failed</strong>: Microsoft or the database could not be reached for hours, and the queue gave up retrying. <strong>Refused</strong>: it did not match what Microsoft's Operations API says, so nothing was applied. Owners can re-run all three. <strong>Needs attention</strong>: Microsoft sent an action or a status it has not documented; it was acknowledged, and an operator should check what it means.",
  filterLabel: "Filter deliveries by subscription",
  subscriptionId: "Subscription id",
  show: "Show",
  noun: { one: "delivery", many: "deliveries" },
  caption: "Webhook deliveries, newest first",
  // `status` is "none" when no status is chosen.
  empty:
    "No deliveries{status, select, none {} other { with status {status}}}{attention, select, yes { needing attention} other {}}.",
  newest: "Newest",
  older: "Older",
  statusFilter: { label: "Filter by status", all: "All", needsAttention: "Needs attention" },
  queue: {
    label: "Webhook queue",
    counts: "<strong>Queue:</strong> {queued} queued, {running} running",
    oldest: "; the oldest queued delivery was received <since>{age} ago</since>",
    worrying:
      ". Check that an instance runs jobs (JOBS_CONCURRENCY above 0) and what the oldest delivery's attempts say.",
    nothingWaits: "; nothing waits.",
    seconds: "{n} s",
    minutes: "{n} min",
    hours: "{n} h",
  },
  columns: {
    received: "Received",
    action: "Action",
    operation: "operation {id}",
    subscription: "Subscription",
    status: "Status",
    outcome: "Outcome",
    needsAttention: "Needs attention:",
    beingApplied: "Being applied…",
    waitingForWorker: "Waiting for a worker…",
  },
  attempts: {
    label: "Attempts",
    count: "{total, plural, one {# attempt} other {# attempts}}",
    latestShown: " (latest {shown} shown)",
    sources: { microsoft: "Microsoft", queue: "Worker", rerun: "Re-run" },
    answered: " · answered HTTP {status}",
    duration: " · {ms} ms",
    request: " · request {id}",
  },
  rerun: {
    label: "Re-run delivery of operation {operationId}",
    running: "Re-running…",
    button: "Re-run",
  },
};
