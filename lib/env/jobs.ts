import { z } from "zod";

/** Background work: how many jobs of the queue (webhook deliveries, reconciliation, follow-ups) this process runs at once. */
const variables = z.object({
  /**
   * Jobs this instance runs at the same time (0: none, a web-only instance; another instance does the work).
   * Webhook deliveries wait mostly on Microsoft and the database, not on this process's CPU.
   */
  JOBS_CONCURRENCY: z.coerce.number().int().min(0).max(100).default(8),
});

export const ZJobsSettings = variables.transform((v) => ({ jobs: { concurrency: v.JOBS_CONCURRENCY } }));
