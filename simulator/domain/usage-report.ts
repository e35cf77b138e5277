// GET /usageEvents: daily aggregates of accepted usage, as Partner Center analytics reports them.
import type { GetUsageEvent, ReconStatus } from "../api-types";
import type { SimContext } from "../context";
import { DAY_MS, isoSeconds, startOfUtcDay } from "../core/clock";
import { guidFromName } from "../core/ids";
import { findOffer, findPlan } from "./catalog";
import { parseUtc } from "./metering";
import { findSubscription } from "./operations";
import { fail, ok, type Result } from "./result";

const RECON_STATUSES: ReconStatus[] = ["Submitted", "Accepted", "Rejected", "Mismatch"];

export type UsageQuery = {
  usageStartDate?: string;
  usageEndDate?: string;
  offerId?: string;
  planId?: string;
  dimension?: string;
  azureSubscriptionId?: string;
  reconStatus?: string;
};

/** SaaS subscriptions have no Azure subscription; the report still names one per beneficiary tenant. */
export function azureSubscriptionIdFor(tenantId: string): string {
  return guidFromName("azure-subscription", tenantId);
}

export function usageReport(ctx: SimContext, query: UsageQuery): Result<GetUsageEvent[]> {
  if (!query.usageStartDate) return fail(400, "BadArgument", "usageStartDate is required", "usageStartDate");
  const start = parseUtc(query.usageStartDate);
  if (!start) return fail(400, "BadArgument", "usageStartDate must be an ISO 8601 date or date-time", "usageStartDate");
  const end = query.usageEndDate ? parseUtc(query.usageEndDate) : ctx.clock.now();
  if (!end) return fail(400, "BadArgument", "UsageEndDate must be an ISO 8601 date or date-time", "UsageEndDate");
  if (query.reconStatus !== undefined && !RECON_STATUSES.some((s) => s === query.reconStatus)) {
    return fail(400, "BadArgument", `reconStatus must be one of ${RECON_STATUSES.join(", ")}`, "reconStatus");
  }
  const fromDay = startOfUtcDay(start).getTime();
  // The end date is inclusive: its whole day counts.
  const toDay = startOfUtcDay(end).getTime() + DAY_MS;
  const today = startOfUtcDay(ctx.clock.now()).getTime();
  const groups = new Map<string, GetUsageEvent>();
  for (const usage of ctx.store.state.usage) {
    const day = startOfUtcDay(new Date(usage.effectiveStartTime)).getTime();
    if (day < fromDay || day >= toDay) continue;
    if (query.offerId !== undefined && usage.offerId !== query.offerId) continue;
    if (query.planId !== undefined && usage.planId !== query.planId) continue;
    if (query.dimension !== undefined && usage.dimension !== query.dimension) continue;
    const sub = findSubscription(ctx, usage.resourceId);
    const azureSubscriptionId = azureSubscriptionIdFor(sub?.beneficiary.tenantId ?? "unknown");
    if (query.azureSubscriptionId !== undefined && query.azureSubscriptionId.toLowerCase() !== azureSubscriptionId)
      continue;
    // Today's usage is still being processed; earlier days have been matched.
    const reconStatus: ReconStatus = day < today ? "Accepted" : "Submitted";
    if (query.reconStatus !== undefined && reconStatus !== query.reconStatus) continue;
    const key = `${day}|${usage.resourceId}|${usage.dimension}|${usage.planId}`;
    const entry = groups.get(key) ?? {
      usageDate: isoSeconds(new Date(day)),
      usageResourceId: usage.resourceId,
      dimension: usage.dimension,
      planId: usage.planId,
      planName: findPlan(ctx, usage.offerId, usage.planId)?.displayName ?? usage.planId,
      offerId: usage.offerId,
      offerName: findOffer(ctx, usage.offerId)?.displayName ?? usage.offerId,
      offerType: "SaaS",
      azureSubscriptionId,
      reconStatus,
      submittedQuantity: 0,
      processedQuantity: 0,
      submittedCount: 0,
    };
    entry.submittedQuantity = (entry.submittedQuantity ?? 0) + usage.quantity;
    entry.processedQuantity = reconStatus === "Accepted" ? (entry.processedQuantity ?? 0) + usage.quantity : 0;
    entry.submittedCount = (entry.submittedCount ?? 0) + 1;
    groups.set(key, entry);
  }
  return ok([...groups.values()]);
}
