// Metering rules (reference §8): one accepted event per resource + dimension + UTC hour, a 24-hour window,
// usage only for Subscribed subscriptions (or before the cancellation time), dimensions of the current plan.
import type { UsageBatchEventOkMessage, UsageEventOkResponse, UsageEventStatus } from "../api-types";
import type { SimContext } from "../context";
import { DAY_MS, DOTNET_MIN_DATE, HOUR_MS, dotnetTimestamp } from "../core/clock";
import { isGuid, newGuid } from "../core/ids";
import type { UsageRecord } from "../core/state";
import { findPlan } from "./catalog";
import { findSubscription } from "./operations";
import { isRecord } from "./result";

/** Usage may not be dated in the future; a little slack absorbs clock skew between portal and simulator. */
const FUTURE_SLACK_MS = 5 * 60_000;

export type Evaluation =
  | { status: "Accepted"; record: UsageRecord }
  | {
      status: Exclude<UsageEventStatus, "Accepted">;
      message: string;
      target: string;
      echo: UsageEcho;
      original?: UsageRecord;
    };

/** The request fields echoed back in a result, whatever their validity. */
export type UsageEcho = {
  resourceId?: string;
  quantity?: number;
  dimension?: string;
  effectiveStartTime?: string;
  planId?: string;
};

/** Parses "2018-12-01T08:30:14" (no zone, as in Microsoft's examples) as UTC rather than local time. */
export function parseUtc(value: string): Date | undefined {
  const withZone = /(?:Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : /T/.test(value) ? `${value}Z` : `${value}T00:00:00Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const hourOf = (date: Date): number => Math.floor(date.getTime() / HOUR_MS);

function echoOf(raw: Record<string, unknown>): UsageEcho {
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  return {
    ...(str(raw.resourceId) !== undefined ? { resourceId: str(raw.resourceId) } : {}),
    ...(typeof raw.quantity === "number" ? { quantity: raw.quantity } : {}),
    ...(str(raw.dimension) !== undefined ? { dimension: str(raw.dimension) } : {}),
    ...(str(raw.effectiveStartTime) !== undefined ? { effectiveStartTime: str(raw.effectiveStartTime) } : {}),
    ...(str(raw.planId) !== undefined ? { planId: str(raw.planId) } : {}),
  };
}

/** Checks one usage event against the rules and records it when accepted. */
export function evaluateUsageEvent(ctx: SimContext, raw: unknown): Evaluation {
  const input = isRecord(raw) ? raw : {};
  const echo = echoOf(input);
  const reject = (
    status: Exclude<UsageEventStatus, "Accepted">,
    message: string,
    target: string,
    original?: UsageRecord,
  ): Evaluation => ({
    status,
    message,
    target,
    echo,
    ...(original ? { original } : {}),
  });
  const forced = ctx.faults.takeUsageItemFault();
  if (forced)
    return reject(forced.status, `Simulated answer (fault injection): ${forced.status}.`, "usageEventRequest");
  const { resourceId, resourceUri, quantity, dimension, effectiveStartTime, planId } = input;
  if (resourceId !== undefined && resourceUri !== undefined)
    return reject("BadArgument", "Only one of resourceId and resourceUri may be set.", "ResourceId");
  if (resourceId === undefined && typeof resourceUri === "string") {
    return reject(
      "ResourceNotFound",
      "No SaaS subscription uses this resourceUri (managed applications are not simulated).",
      "ResourceUri",
    );
  }
  if (typeof resourceId !== "string" || resourceId === "")
    return reject("BadArgument", "The resourceId is required.", "ResourceId");
  if (!isGuid(resourceId))
    return reject("BadArgument", "The resourceId must be a GUID (the SaaS subscription id).", "ResourceId");
  if (typeof quantity !== "number" || !Number.isFinite(quantity))
    return reject("BadArgument", "The quantity is required.", "Quantity");
  if (typeof dimension !== "string" || dimension === "")
    return reject("BadArgument", "The dimension is required.", "Dimension");
  if (typeof planId !== "string" || planId === "") return reject("BadArgument", "The planId is required.", "PlanId");
  const when = typeof effectiveStartTime === "string" ? parseUtc(effectiveStartTime) : undefined;
  if (!when)
    return reject(
      "BadArgument",
      "The effectiveStartTime is required and must be an ISO 8601 date-time.",
      "EffectiveStartTime",
    );
  if (quantity <= 0) return reject("InvalidQuantity", "The quantity must be greater than 0.", "Quantity");

  const sub = findSubscription(ctx, resourceId);
  if (!sub) return reject("ResourceNotFound", `Resource ${resourceId} was not found.`, "ResourceId");
  const cancelledAt = sub.sim.unsubscribedAt ? new Date(sub.sim.unsubscribedAt).getTime() : undefined;
  // After cancellation, usage that happened before the cancellation time may still be reported.
  const active =
    sub.status === "Subscribed" ||
    (sub.status === "Unsubscribed" && cancelledAt !== undefined && when.getTime() < cancelledAt);
  if (!active) return reject("ResourceNotActive", `Subscription ${resourceId} is ${sub.status}.`, "ResourceId");
  if (planId !== sub.planId)
    return reject(
      "BadArgument",
      `Plan ${planId} is not the plan of subscription ${resourceId} (${sub.planId}).`,
      "PlanId",
    );
  const plan = findPlan(ctx, sub.offerId, sub.planId);
  if (!plan?.planComponents.meteringDimensions.some((d) => d.id === dimension)) {
    return reject("InvalidDimension", `Dimension ${dimension} is not defined for plan ${sub.planId}.`, "Dimension");
  }
  const now = ctx.clock.nowMs();
  if (when.getTime() > now + FUTURE_SLACK_MS)
    return reject("BadArgument", "The effectiveStartTime is in the future.", "EffectiveStartTime");
  if (when.getTime() < now - DAY_MS)
    return reject("Expired", "The effectiveStartTime is more than 24 hours in the past.", "EffectiveStartTime");
  const hour = hourOf(when);
  const original = ctx.store.state.usage.find(
    (u) => u.resourceId === sub.id && u.dimension === dimension && hourOf(new Date(u.effectiveStartTime)) === hour,
  );
  if (original) return reject("Duplicate", "This usage event already exist.", "EffectiveStartTime", original);

  const record: UsageRecord = {
    usageEventId: newGuid(),
    resourceId: sub.id,
    offerId: sub.offerId,
    planId: sub.planId,
    dimension,
    quantity,
    effectiveStartTime: when.toISOString(),
    messageTime: dotnetTimestamp(ctx.clock.now()),
  };
  ctx.store.state.usage.push(record);
  ctx.store.changed();
  return { status: "Accepted", record };
}

export function acceptedMessage(record: UsageRecord, status: UsageEventStatus = "Accepted"): UsageEventOkResponse {
  return {
    usageEventId: record.usageEventId,
    status,
    messageTime: record.messageTime,
    resourceId: record.resourceId,
    quantity: record.quantity,
    dimension: record.dimension,
    effectiveStartTime: record.effectiveStartTime,
    planId: record.planId,
  };
}

/** The 409 body; `acceptedMessage` describes the originally accepted event (status "Duplicate", as documented). */
export function conflictBody(original: UsageRecord): {
  additionalInfo: { acceptedMessage: UsageEventOkResponse };
  message: string;
  code: string;
} {
  return {
    additionalInfo: { acceptedMessage: acceptedMessage(original, "Duplicate") },
    message: "This usage event already exist.",
    code: "Conflict",
  };
}

/** One batch result item: failed items carry no usageEventId and .NET's minimum date as messageTime. */
export function batchItem(evaluation: Evaluation): UsageBatchEventOkMessage {
  if (evaluation.status === "Accepted") return acceptedMessage(evaluation.record);
  const error = evaluation.original
    ? conflictBody(evaluation.original)
    : { message: evaluation.message, code: evaluation.status };
  return { status: evaluation.status, messageTime: DOTNET_MIN_DATE, ...evaluation.echo, error };
}
