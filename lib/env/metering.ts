import { z } from "zod";
import { bool } from "./shared";

/** Metering: usage the ISV's application posts, rolled up hourly and sent to Microsoft's Metering API. */
const variables = z.object({
  /**
   * Validate and roll up usage without sending it to Microsoft: each hour shows what would have been sent
   * (status DryRun) and is never sent later. For a new integration, before real usage flows.
   */
  METERING_DRY_RUN: bool.default(false),
  /**
   * Oldest usage accepted by POST /api/v1/usage, in hours before now. Microsoft takes an hour's usage for
   * 24 hours only; older records are still kept (folded into a later hour when theirs was sent, else flagged).
   */
  METERING_MAX_AGE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24)
    .default(48),
});

export const ZMeteringSettings = variables.transform((v) => ({
  metering: { dryRun: v.METERING_DRY_RUN, maxAgeHours: v.METERING_MAX_AGE_HOURS },
}));
