// Metering API: /api/usageEvent, /api/batchUsageEvent, /api/usageEvents.
import { Hono } from "hono";
import type { SimContext } from "../context";
import { acceptedMessage, batchItem, conflictBody, evaluateUsageEvent } from "../domain/metering";
import { isRecord } from "../domain/result";
import { usageReport } from "../domain/usage-report";
import { guard, INVALID_JSON, readJson, sendError, type ApiEnv } from "./guard";

const MAX_BATCH = 25;

function badRequest(
  message: string,
  target: string,
  details: Array<{ code: string; message: string; target: string }> = [],
): {
  code: string;
  message: string;
  target: string;
  details: Array<{ code: string; message: string; target: string }>;
} {
  return { code: "BadArgument", message, target, details };
}

export function meteringRoutes(ctx: SimContext): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  // POST /api/usageEvent – one event: 200 Accepted, 409 Duplicate, otherwise 400 with details
  api.post("/usageEvent", guard(ctx, "usageEvent"), async (c) => {
    const body = await readJson(c);
    if (body === INVALID_JSON || !isRecord(body))
      return c.json(badRequest("The request body must be a usage event object.", "usageEventRequest"), 400);
    const evaluation = evaluateUsageEvent(ctx, body);
    if (evaluation.status === "Accepted") return c.json(acceptedMessage(evaluation.record), 200);
    if (evaluation.status === "Duplicate" && evaluation.original) return c.json(conflictBody(evaluation.original), 409);
    const detail = { code: evaluation.status, message: evaluation.message, target: evaluation.target };
    return c.json(badRequest("One or more errors have occurred.", "usageEventRequest", [detail]), 400);
  });

  // POST /api/batchUsageEvent – up to 25 events; HTTP 200 even when items fail (check each status)
  api.post("/batchUsageEvent", guard(ctx, "batchUsageEvent"), async (c) => {
    const body = await readJson(c);
    const events = body !== INVALID_JSON && isRecord(body) ? body.request : undefined;
    if (!Array.isArray(events) || events.length === 0)
      return c.json(
        badRequest("The request must contain 1 to 25 usage events in 'request'.", "batchUsageEventRequest"),
        400,
      );
    if (events.length > MAX_BATCH)
      return c.json(badRequest("The batch contained more than 25 usage events.", "batchUsageEventRequest"), 400);
    // Items are checked in order, so two events for the same hour in one batch: the second is a Duplicate.
    const result = events.map((event: unknown) => batchItem(evaluateUsageEvent(ctx, event)));
    return c.json({ count: result.length, result }, 200);
  });

  // GET /api/usageEvents – daily aggregates, a bare JSON array
  api.get("/usageEvents", guard(ctx, "usageEvents"), (c) => {
    const q = (name: string): string | undefined => c.req.query(name);
    const result = usageReport(ctx, {
      usageStartDate: q("usageStartDate"),
      // Microsoft's docs spell it "UsageEndDate"; accept the camelCase spelling too.
      usageEndDate: q("UsageEndDate") ?? q("usageEndDate"),
      offerId: q("offerId"),
      planId: q("planId"),
      dimension: q("dimension"),
      azureSubscriptionId: q("azureSubscriptionId"),
      reconStatus: q("reconStatus"),
    });
    return result.ok ? c.json(result.value, 200) : sendError(c, result.error);
  });

  return api;
}
