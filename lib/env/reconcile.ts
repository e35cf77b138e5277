import { z } from "zod";

/** Reconciliation: how often the portal compares its subscriptions with Microsoft's list. */
const variables = z.object({
  /** Minutes between scheduled reconciliations with Microsoft (0: only on demand). */
  RECONCILE_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
});

export const ZReconcileSettings = variables.transform((v) => ({
  reconcile: { intervalMinutes: v.RECONCILE_INTERVAL_MINUTES },
}));
