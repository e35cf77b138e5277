import { z } from "zod";
import { ENDPOINT_STATUSES, OUTBOUND_EVENT_TYPES, TEST_EVENT_TYPE } from "@/lib/domain/outbound-events";

/**
 * Outbound events as the ISV sees them: the payload of every delivery (documented in the OpenAPI
 * document's `webhooks` section) and the answers of /api/v1/event-endpoints. The payload is the portal's
 * own stable shape: a change lists only the fields that changed, under these names, whatever Microsoft
 * renames; a field may be added within v1, none removed or renamed.
 */

const isoDate = z.iso.datetime().meta({ description: "ISO 8601, UTC.", example: "2026-03-01T09:30:00.000Z" });
const text = z.string().nullable();

export const subscriptionChangeSchema = z
  .strictObject({
    status: text.meta({ description: "PendingFulfillmentStart, Subscribed, Suspended, Unsubscribed." }),
    planId: text,
    offerId: text,
    seats: z.number().int().nullable().meta({ description: "Seats of a per-seat plan; null for flat-rate plans." }),
    name: text,
    termStartDate: text,
    termEndDate: text,
    termUnit: text,
    autoRenew: z.boolean().nullable(),
    isTest: z.boolean().nullable(),
    isFreeTrial: z.boolean().nullable(),
    beneficiaryTenantId: text,
    beneficiaryObjectId: text,
    beneficiaryEmail: text,
    purchaserTenantId: text,
    purchaserObjectId: text,
    purchaserEmail: text,
    allowedCustomerOperations: z.array(z.string()).nullable(),
    purchasedAt: text,
    reason: text.meta({ description: "subscription.provisioning_failed: the ISV's reason." }),
  })
  .partial()
  .meta({
    id: "SubscriptionChange",
    description:
      "The fields of the subscription that changed (before: old values; after: new values); others are absent.",
  });

const party = z.strictObject({ tenantId: text, objectId: text });

/** What an app needs to set an account up before the portal activates (the provisioning gate). */
export const provisioningRequestSchema = z
  .strictObject({
    beneficiary: party.meta({ description: "The tenant (and person, for personal accounts) the subscription is for." }),
    purchaser: party.extend({ email: text }).meta({ description: "Who bought it (may differ: a CSP, an admin)." }),
    confirmedBy: party.meta({ description: "The person who confirmed on the landing page (Entra tid/oid)." }),
    buyerDetails: z
      .record(z.string(), z.string())
      .meta({ description: "What the buyer entered on the landing page (LANDING_FIELDS), by field name." }),
  })
  .meta({
    id: "ProvisioningRequest",
    description: "subscription.provisioning_requested only: whom to provision, and what the buyer entered.",
  });

const payloadTypes: [string, ...string[]] = [TEST_EVENT_TYPE, ...OUTBOUND_EVENT_TYPES];

export const outboundEventSchema = z
  .strictObject({
    type: z.enum(payloadTypes),
    timestamp: isoDate.meta({ description: "When the event happened (the same on every attempt and replay)." }),
    data: z.strictObject({
      eventId: z.string().meta({ description: "The portal's event id: increases with every event." }),
      subscriptionId: z.string().nullable(),
      occurredAt: isoDate,
      before: subscriptionChangeSchema.nullable(),
      after: subscriptionChangeSchema.nullable(),
      provisioning: provisioningRequestSchema.optional(),
    }),
  })
  .meta({
    id: "OutboundEvent",
    description:
      "POSTed to each registered endpoint, signed per Standard Webhooks: headers webhook-id (evt_<eventId>: the same on retries and replays, dedupe on it), webhook-timestamp and webhook-signature. Answer 2xx within the timeout; anything else is retried with backoff for 3 days. 410 disables the endpoint.",
  });

export type OutboundEvent = z.output<typeof outboundEventSchema>;
export type SubscriptionChange = z.output<typeof subscriptionChangeSchema>;
export type ProvisioningRequest = z.output<typeof provisioningRequestSchema>;

export const eventEndpointSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    status: z.enum(ENDPOINT_STATUSES),
    disabledReason: z.string().nullable().meta({ description: "Why the portal disabled it (410, sustained failure)." }),
    lastSuccessAt: isoDate.nullable(),
    failingSince: isoDate.nullable(),
    pendingMessages: z.number().int().meta({ description: "Messages queued for it." }),
    createdAt: isoDate,
  })
  .meta({ id: "EventEndpoint" });

export const createdEventEndpointSchema = eventEndpointSchema
  .extend({ secret: z.string().meta({ description: "The signing secret (whsec_…): shown only in this answer." }) })
  .meta({ id: "CreatedEventEndpoint" });

export const eventEndpointListSchema = z
  .strictObject({ data: z.array(eventEndpointSchema) })
  .meta({ id: "EventEndpointList" });

export const deliveryAttemptSchema = z
  .strictObject({
    id: z.string(),
    eventId: z.string(),
    webhookId: z.string(),
    attempt: z.number().int(),
    at: isoDate,
    httpStatus: z.number().int().nullable(),
    errorKind: z.enum(["timeout", "network", "redirect", "refused-address", "http"]).nullable(),
    latencyMs: z.number().int(),
  })
  .meta({ id: "DeliveryAttempt" });

export const deliveryAttemptListSchema = z
  .strictObject({
    data: z.array(deliveryAttemptSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as cursor for the next (older) page; null on the last." }),
  })
  .meta({ id: "DeliveryAttemptList" });

export const replayResultSchema = z
  .strictObject({ queued: z.number().int().meta({ description: "Events queued again for this endpoint." }) })
  .meta({ id: "ReplayResult" });
