import { z } from "zod";

/** Outbound events to the ISV's endpoints (lib/events-out): how long a receiver may take, and when one is given up on. */
const variables = z.object({
  /** Time allowed for one delivery request to a receiver, in milliseconds (a slower one counts as failed and is retried). */
  EVENTS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(30_000).default(10_000),
  /** An endpoint without a success for this many hours (and EVENTS_DISABLE_AFTER_FAILURES failed attempts) is disabled. */
  EVENTS_DISABLE_AFTER_HOURS: z.coerce.number().min(1).max(72).default(24),
  /** Failed attempts since the last success before an endpoint can be disabled (with EVENTS_DISABLE_AFTER_HOURS). */
  EVENTS_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
});

export const ZEventsSettings = variables.transform((v) => ({
  events: {
    timeoutMs: v.EVENTS_TIMEOUT_MS,
    disableAfterMs: v.EVENTS_DISABLE_AFTER_HOURS * 3_600_000,
    disableAfterFailures: v.EVENTS_DISABLE_AFTER_FAILURES,
  },
}));
