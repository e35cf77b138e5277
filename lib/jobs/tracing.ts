import "server-only";
import { carriedTraceparent, inSpan, SpanKind } from "@/lib/tracing/spans";

/**
 * One span per job run (start.ts), named by its task, with the job's id and attempt: a retried job shows
 * as several runs. It continues the trace of whatever added the job when the payload carries one
 * (lib/data/job-queue.ts adds it), so a request and the work it queued read as one trace.
 */
export function traceJobRun<T>(
  task: string,
  job: { id: string; attempts: number },
  payload: unknown,
  run: () => Promise<T>,
): Promise<T> {
  return inSpan(
    `job ${task}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { "job.task": task, "job.id": job.id, "job.attempt": job.attempts },
      traceparent: carriedTraceparent(payload),
    },
    run,
  );
}
