import "server-only";
import { randomUUID } from "node:crypto";
import type { components, operations } from "./generated/metering-v1";
import {
  ZBatchUsageEventOkResponse,
  ZGetUsageEventOkResponse,
  ZUsageEventConflictResponse,
  ZUsageEventOkResponse,
  type GetUsageEvent,
  type UsageBatchEventOkMessage,
  type UsageEventOkResponse,
} from "./generated/metering-v1-schemas";
import type { CallOptions, HttpCore } from "./http";
import { readJson, refuse, validate } from "./parse";

/** Metering Service API: usage above the flat fee, one event per subscription, dimension and hour. */

type UsageEventBody = components["schemas"]["UsageEvent"];
/** Get Usage Events filters, named as Microsoft names them (`UsageEndDate` with a capital U). */
export type UsageEventsQuery = Omit<
  operations["MeteringOperations_GetUsageEvent"]["parameters"]["query"],
  "api-version"
>;

/** A SaaS usage event: `resourceId` is the SaaS subscription id (not an Azure subscription id). */
export type UsageEventInput = Required<Pick<UsageEventBody, "resourceId" | "quantity" | "dimension" | "planId">> & {
  /** When the usage happened (UTC); Microsoft accepts the last 24 hours only. */
  effectiveStartTime: Date | string;
};

/**
 * A single event's outcome. A 409 is not an error: Microsoft already accepted an event for that resource,
 * dimension and hour, described by `accepted` (do not send it again).
 */
export type UsageEventResult =
  | { outcome: "accepted"; event: UsageEventOkResponse }
  | {
      outcome: "duplicate";
      accepted: UsageEventOkResponse | undefined;
      code: string | undefined;
      message: string | undefined;
    };

/** A batch's outcome: HTTP 200 even when items fail, so each item carries its own `status`. */
export type BatchUsageResult = { count: number; results: UsageBatchEventOkMessage[] };

export const MAX_BATCH_EVENTS = 25;

const toBody = (event: UsageEventInput): UsageEventBody => ({
  resourceId: event.resourceId,
  quantity: event.quantity,
  dimension: event.dimension,
  effectiveStartTime:
    event.effectiveStartTime instanceof Date ? event.effectiveStartTime.toISOString() : event.effectiveStartTime,
  planId: event.planId,
});

const correlation = (call?: CallOptions): string => call?.correlationId ?? randomUUID();

export async function usageEvent(
  http: HttpCore,
  event: UsageEventInput,
  call?: CallOptions,
): Promise<UsageEventResult> {
  const operation = "usageEvent";
  const response = await http.send({
    operation,
    method: "POST",
    route: "/usageEvent",
    path: "/usageEvent",
    body: toBody(event),
    accept: [409],
    correlationId: correlation(call),
    call,
  });
  const body = readJson(operation, response);
  if (response.status === 409) {
    const conflict = validate(operation, response, ZUsageEventConflictResponse, body ?? {});
    return {
      outcome: "duplicate",
      accepted: conflict.additionalInfo?.acceptedMessage,
      code: conflict.code,
      message: conflict.message,
    };
  }
  return { outcome: "accepted", event: validate(operation, response, ZUsageEventOkResponse, body) };
}

/** 1 to 25 events (checked here: Microsoft rejects the whole batch otherwise). */
export async function batchUsageEvent(
  http: HttpCore,
  events: readonly UsageEventInput[],
  call?: CallOptions,
): Promise<BatchUsageResult> {
  const operation = "batchUsageEvent";
  if (events.length === 0 || events.length > MAX_BATCH_EVENTS) {
    throw refuse(
      operation,
      `A batch holds 1 to ${MAX_BATCH_EVENTS} usage events (this one has ${events.length}); nothing was sent to Microsoft.`,
    );
  }
  const response = await http.send({
    operation,
    method: "POST",
    route: "/batchUsageEvent",
    path: "/batchUsageEvent",
    body: { request: events.map(toBody) },
    correlationId: correlation(call),
    call,
  });
  const parsed = validate(operation, response, ZBatchUsageEventOkResponse, readJson(operation, response));
  const results = parsed.result ?? [];
  return { count: parsed.count ?? results.length, results };
}

/** Daily usage aggregates as Microsoft recorded them (a bare JSON array). */
export async function getUsageEvents(
  http: HttpCore,
  query: UsageEventsQuery,
  call?: CallOptions,
): Promise<GetUsageEvent[]> {
  const operation = "getUsageEvents";
  if (query.usageStartDate.trim() === "") throw refuse(operation, "usageStartDate is required.");
  const response = await http.send({
    operation,
    method: "GET",
    route: "/usageEvents",
    path: "/usageEvents",
    query: { ...query },
    correlationId: correlation(call),
    call,
  });
  const body = readJson(operation, response);
  return body === undefined ? [] : validate(operation, response, ZGetUsageEventOkResponse, body);
}
