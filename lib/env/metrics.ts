import { z } from "zod";
import { optionalText, refuse, whenWellFormed, withPortalMode } from "./shared";

/** Prometheus metrics at /api/metrics: who may read them. */
const variables = withPortalMode.extend({
  /**
   * Bearer token a scraper sends to read /api/metrics (at least 32 characters). Without it, the metrics are
   * served only while the portal listens on loopback (a local portal); otherwise the route refuses.
   */
  METRICS_TOKEN: optionalText,
});

function refusals(v: z.output<typeof variables>): string[] {
  // The metrics name subscriptions' counts, job backlogs and Microsoft's error rates: not for guessing.
  if (v.METRICS_TOKEN && v.METRICS_TOKEN.length < 32)
    return ["METRICS_TOKEN is too short: use at least 32 random characters (e.g. `openssl rand -base64 32`)."];
  return [];
}

export const ZMetricsSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform((v) => ({ metrics: { token: v.METRICS_TOKEN } }));
