import { z } from "zod";

/**
 * POST /api/v1/usage: the ISV's application reports metered usage. The shape of each record is checked by
 * the route (a malformed request is refused whole, 400); what only the portal's data can decide (the
 * subscription, its plan's dimensions, the time window, the quantity) is decided per record, and each
 * refused record gets its own reason in the answer, while the others are stored.
 */

/** The most records one request may carry. */
export const MAX_USAGE_RECORDS = 1_000;

export const USAGE_REFUSALS = [
  "unknown-subscription",
  "subscription-not-active",
  "after-cancellation",
  "unknown-dimension",
  "plan-unavailable",
  "invalid-quantity",
  "in-the-future",
  "too-old",
] as const;
export type UsageRefusal = (typeof USAGE_REFUSALS)[number];

export const usageRecordSchema = z
  .strictObject({
    subscriptionId: z.guid("Give the SaaS subscription id, a GUID.").meta({
      description: "Microsoft's SaaS subscription id (the metering resourceId).",
    }),
    dimension: z.string().min(1).max(100).meta({
      description: "A dimension id of the subscription's plan (planComponents.meteringDimensions).",
      example: "api-calls",
    }),
    quantity: z.number().meta({ description: "Units used; more than 0.", example: 12.5 }),
    occurredAt: z.iso
      .datetime({ offset: true, message: "Give an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z." })
      .meta({ description: "When the usage happened. Not in the future, not older than METERING_MAX_AGE_HOURS." }),
    id: z.string().min(1).max(200).optional().meta({
      description:
        "Your own id of this record: a record posted again with the same id is answered `duplicate` and not counted twice. Recommended.",
    }),
  })
  .meta({ id: "UsageRecord" });

export const usageBatchSchema = z
  .strictObject({
    records: z
      .array(usageRecordSchema)
      .min(1)
      .max(MAX_USAGE_RECORDS)
      .meta({
        description: `1 to ${MAX_USAGE_RECORDS} records.`,
      }),
  })
  .meta({ id: "UsageBatch" });

export const usageBodySchema = z.union([usageBatchSchema, usageRecordSchema]);

export const usageResultSchema = z
  .strictObject({
    index: z.number().int().meta({ description: "Position of the record in the request (0 for a single record)." }),
    id: z.string().nullable().meta({ description: "The record's own id, when it had one." }),
    status: z.enum(["accepted", "duplicate", "refused"]).meta({
      description:
        "accepted: stored, will be counted. duplicate: a record with this id was stored before (counted once). refused: not stored, see reason.",
    }),
    reason: z
      .strictObject({
        code: z.enum(USAGE_REFUSALS),
        detail: z.string().meta({ description: "What is wrong and what to do." }),
      })
      .optional(),
  })
  .meta({ id: "UsageResult" });

export const usageAnswerSchema = z
  .strictObject({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    refused: z.number().int(),
    dryRun: z
      .boolean()
      .meta({ description: "The portal validates and rolls up usage but does not send it to Microsoft." }),
    results: z.array(usageResultSchema).meta({ description: "One per record, in the request's order." }),
  })
  .meta({ id: "UsageAnswer" });

export type UsageRecordBody = z.output<typeof usageRecordSchema>;
export type UsageResult = z.output<typeof usageResultSchema>;
export type UsageAnswer = z.output<typeof usageAnswerSchema>;
