import type { QueueSummary } from "@/lib/data/webhook-queue";

/** Older than this, the oldest queued delivery is worth a look: workers are down, or Microsoft is failing. */
const WORRYING_AGE_MS = 60_000;

function age(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

/** What an operator watches: how many deliveries wait or run, and how long the oldest has waited. */
export function QueueHealth({ queue }: { queue: QueueSummary }) {
  const oldestMs = queue.oldestQueuedAgeMs ?? 0;
  const worrying = oldestMs > WORRYING_AGE_MS;
  return (
    <p
      role="status"
      aria-label="Webhook queue"
      className={`rounded border p-2 text-sm ${worrying ? "border-amber-300 bg-amber-50 text-amber-950" : "border-slate-200 bg-white text-slate-700"}`}
    >
      <strong>Queue:</strong> {queue.queued} queued, {queue.running} running
      {queue.oldestQueuedAt ? (
        <>
          ; the oldest queued delivery was received{" "}
          <time dateTime={queue.oldestQueuedAt.toISOString()}>{age(oldestMs)} ago</time>
          {worrying
            ? ". Check that an instance runs jobs (JOBS_CONCURRENCY above 0) and what the oldest delivery's attempts say."
            : "."}
        </>
      ) : (
        "; nothing waits."
      )}
    </p>
  );
}
