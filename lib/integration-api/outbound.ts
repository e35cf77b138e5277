import { z } from "zod";
import type { EndpointRecord } from "@/lib/data/event-endpoints";
import type { AttemptRecord } from "@/lib/data/outbound-replay";
import { endpointChangeInput, newEndpointInput, webhookIdOf } from "@/lib/domain/outbound-events";
import type { ApiKeyCaller } from "@/lib/auth/api-key-strategy";
import type { deliveryAttemptSchema, eventEndpointSchema } from "./outbound-schemas";

/**
 * The requests of /api/v1/event-endpoints and the mapping of endpoints and attempts to their answers.
 * Bodies are checked with the local URL rules here (the document's schema); routes apply the production
 * rules on top (https, public addresses: lib/events-out/endpoints.ts).
 */

export const endpointIdParams = z.strictObject({
  id: z.uuid({ error: (issue) => (issue.input === undefined ? undefined : "Give an endpoint id (a UUID).") }),
});
export const createEndpointBody = newEndpointInput(false).meta({ id: "NewEventEndpoint" });
export const changeEndpointBody = endpointChangeInput(false).meta({ id: "EventEndpointChange" });

const isoInput = z.iso.datetime({
  offset: true,
  message: "Give an ISO 8601 date and time, e.g. 2026-03-01T00:00:00Z.",
});
export const replayBody = z
  .strictObject({
    eventId: z
      .string()
      .regex(/^(evt_)?\d{1,18}$/, "Give the event's id (the webhook-id evt_123, or 123).")
      .optional()
      .meta({ description: "One event (its data.eventId, or the webhook-id)." }),
    from: isoInput.optional().meta({ description: "Start of a time range (inclusive), with `to`." }),
    to: isoInput.optional().meta({ description: "End of the time range (exclusive)." }),
  })
  .superRefine((body, ctx) => {
    const range = body.from !== undefined || body.to !== undefined;
    if (body.eventId !== undefined && range)
      ctx.addIssue({ code: "custom", message: "Give either eventId or from and to, not both." });
    else if (!range && body.eventId === undefined)
      ctx.addIssue({ code: "custom", message: "Give eventId, or from and to." });
    else if (range && (!body.from || !body.to))
      ctx.addIssue({ code: "custom", path: [body.from ? "to" : "from"], message: "A range needs both from and to." });
    else if (range && new Date(body.from!) >= new Date(body.to!))
      ctx.addIssue({ code: "custom", path: ["to"], message: "The range must end after it starts." });
  })
  .meta({ id: "ReplayRequest" });

const limitMessage = "Give a whole number from 1 to 200.";
export const deliveriesQuery = z.strictObject({
  limit: z.coerce
    .number<string>(limitMessage)
    .int(limitMessage)
    .min(1, limitMessage)
    .max(200, limitMessage)
    .default(50),
  cursor: z
    .string()
    .max(100)
    .transform((value, ctx) => {
      const id = decodeAttemptCursor(value);
      if (!id) ctx.addIssue({ code: "custom", message: "Not a cursor of this API: pass nextCursor as it was." });
      return id ?? z.NEVER;
    })
    .optional()
    .meta({ description: "nextCursor of the previous page (opaque)." }),
});

export const encodeAttemptCursor = (id: string) => Buffer.from(`a:${id}`).toString("base64url");
function decodeAttemptCursor(cursor: string): string | null {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  return /^a:\d{1,18}$/.test(text) ? text.slice(2) : null;
}

/** Who changes an endpoint through the API: the key, by its prefix (never the secret). */
export const apiManager = (caller: ApiKeyCaller) => ({
  actor: { type: "system" as const, id: `api_key:${caller.prefix}` },
  label: `API key ${caller.name} (${caller.prefix})`,
});

export function toApiEndpoint(e: EndpointRecord): z.output<typeof eventEndpointSchema> {
  return {
    id: e.id,
    name: e.name,
    url: e.url,
    eventTypes: e.eventTypes,
    status: e.status,
    disabledReason: e.disabledReason,
    lastSuccessAt: e.lastSuccessAt?.toISOString() ?? null,
    failingSince: e.failingSince?.toISOString() ?? null,
    pendingMessages: e.pendingMessages,
    createdAt: e.createdAt.toISOString(),
  };
}

export function toApiAttempt(a: AttemptRecord): z.output<typeof deliveryAttemptSchema> {
  return {
    id: a.id,
    eventId: a.eventId,
    webhookId: webhookIdOf(a.eventId),
    attempt: a.attempt,
    at: a.at.toISOString(),
    httpStatus: a.httpStatus,
    errorKind: a.errorKind as z.output<typeof deliveryAttemptSchema>["errorKind"],
    latencyMs: a.latencyMs,
  };
}
