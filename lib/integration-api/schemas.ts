import { z } from "zod";
import { MSA_TENANT_ID, SUBSCRIPTION_STATUSES } from "@/lib/domain/subscription";
import { decodeCursor } from "./cursor";

/**
 * The integration API's (/api/v1) requests and answers, as zod schemas: the routes validate with them, and
 * the OpenAPI document (lib/http/openapi.ts) is generated from them, so the two cannot disagree. The
 * answers are the portal's own shapes, stable across Microsoft's changes: camelCase, ISO 8601 dates in
 * UTC, null for what is not known. A new field may be added to an answer; none is removed or renamed
 * within v1.
 */

const isoDate = z.iso.datetime().meta({ description: "ISO 8601, UTC.", example: "2026-03-01T09:30:00.000Z" });
const nullableDate = (description: string) => isoDate.nullable().meta({ description });

const guid = (description: string) =>
  z
    // A missing value keeps the recipe's "Required." (an error function answering undefined defers to it).
    .guid({
      error: (issue) => (issue.input === undefined ? undefined : "Give a GUID (8-4-4-4-12 hexadecimal digits)."),
    })
    .meta({ description, example: "c0ffee00-0000-4000-8000-00000000c001" });

export const partySchema = z
  .strictObject({
    tenantId: z.string().nullable().meta({ description: "Entra tenant id." }),
    objectId: z.string().nullable().meta({ description: "Entra object id of the person." }),
    email: z.string().nullable(),
  })
  .meta({ id: "Party" });

export const termSchema = z
  .strictObject({
    startDate: nullableDate("Start of the current term."),
    endDate: nullableDate("End of the current term (it renews then when autoRenew is on)."),
    unit: z.string().nullable().meta({ description: "P1M, P1Y, P2Y, P3Y… (Microsoft may add values)." }),
  })
  .meta({ id: "Term" });

const status = z.enum(SUBSCRIPTION_STATUSES).meta({
  description:
    "Microsoft's status: PendingFulfillmentStart (bought, not activated yet), Subscribed (active), Suspended (payment problem), Unsubscribed (cancelled, final), NotStarted.",
});
const entitled = z
  .boolean()
  .meta({ description: "Whether to give access now: true exactly when status is Subscribed." });
const seats = z.number().int().nullable().meta({ description: "Seats of a per-seat plan; null for a flat-rate plan." });
const flags = {
  isFreeTrial: z.boolean(),
  isTest: z.boolean().meta({ description: "A test purchase (Microsoft's isTest, or a DryRun session)." }),
};

export const subscriptionSchema = z
  .strictObject({
    id: z.string().meta({ description: "Microsoft's SaaS subscription id (a GUID; also the metering resourceId)." }),
    name: z.string(),
    offerId: z.string(),
    planId: z.string(),
    seats,
    status,
    entitled,
    beneficiary: partySchema.meta({ description: "Who the subscription is for (the customer's organization)." }),
    purchaser: partySchema.meta({ description: "Who bought it (differs from the beneficiary for CSP purchases)." }),
    term: termSchema,
    autoRenew: z.boolean(),
    ...flags,
    allowedCustomerOperations: z.array(z.string()).meta({ description: "Subset of Read, Update, Delete." }),
    purchasedAt: nullableDate("When it was bought (Microsoft's created)."),
    activatedAt: nullableDate("When it was activated in the portal."),
    firstSeenAt: isoDate.meta({ description: "When the portal first heard of it." }),
    updatedAt: isoDate.meta({ description: "When the portal's copy last changed." }),
  })
  .meta({ id: "Subscription" });

export const subscriptionListSchema = z
  .strictObject({
    data: z.array(subscriptionSchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as cursor for the next page; null on the last page." }),
  })
  .meta({ id: "SubscriptionList" });

export const entitlementSchema = z
  .strictObject({
    subscriptionId: z.string(),
    offerId: z.string(),
    planId: z.string(),
    status,
    entitled,
    seats,
    term: termSchema,
    autoRenew: z.boolean(),
    ...flags,
    beneficiary: partySchema,
  })
  .meta({ id: "Entitlement" });

/** The most entitlements one answer lists. */
export const MAX_ENTITLEMENTS = 100;

export const entitlementsSchema = z
  .strictObject({
    tenantId: z.string(),
    objectId: z.string().nullable(),
    entitled: z.boolean().meta({ description: "Whether any of the subscriptions gives access now." }),
    entitlements: z.array(entitlementSchema).meta({
      description: `The beneficiary's subscriptions, those that give access first, then the newest; at most ${MAX_ENTITLEMENTS}.`,
    }),
    truncated: z.boolean().meta({ description: `More than ${MAX_ENTITLEMENTS} subscriptions matched.` }),
  })
  .meta({ id: "Entitlements" });

export const subscriptionIdParams = z.strictObject({ id: guid("The SaaS subscription id.") });

export const listSubscriptionsQuery = z.strictObject({
  status: status.optional(),
  offerId: z.string().min(1).max(200).optional().meta({ description: "Only this offer." }),
  planId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "Only this plan (plan ids repeat across offers)." }),
  tenantId: guid("Only subscriptions for this beneficiary tenant.").optional(),
  updatedSince: z.iso
    .datetime({ offset: true, message: "Give an ISO 8601 date and time, e.g. 2026-03-01T00:00:00Z." })
    .optional()
    .meta({ description: "Only subscriptions whose portal copy changed at or after this time." }),
  limit: z.coerce
    .number<string>("Give a whole number from 1 to 200.")
    .int("Give a whole number from 1 to 200.")
    .min(1, "Give a whole number from 1 to 200.")
    .max(200, "Give a whole number from 1 to 200.")
    .default(50)
    .meta({ description: "Subscriptions per page (1–200, default 50)." }),
  cursor: z
    .string()
    .max(200)
    .transform((value, ctx) => {
      const position = decodeCursor(value);
      if (!position)
        ctx.addIssue({
          code: "custom",
          message: "Not a cursor of this API: pass nextCursor from the previous page as it was, or leave it out.",
        });
      return position ?? z.NEVER;
    })
    .optional()
    .meta({ description: "nextCursor of the previous page (opaque)." }),
});

export const entitlementsQuery = z
  .strictObject({
    tenantId: guid("The customer's Entra tenant id (the beneficiary's)."),
    objectId: guid(
      `The person's object id: required for personal Microsoft accounts, which all share the tenant ${MSA_TENANT_ID}.`,
    ).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.tenantId.toLowerCase() === MSA_TENANT_ID && !query.objectId)
      ctx.addIssue({
        code: "custom",
        path: ["objectId"],
        message: `Required with the tenant of personal Microsoft accounts (${MSA_TENANT_ID}): every personal account shares it, so give the person's object id.`,
      });
  });

/** The longest reason or message an answer of the provisioning gate takes (they are stored and shown to staff). */
export const MAX_PROVISIONING_TEXT = 500;

const provisioningText = (description: string) =>
  z
    .string()
    .trim()
    .min(1, "Give a non-empty text, or leave the field out.")
    .max(MAX_PROVISIONING_TEXT, `Keep it under ${MAX_PROVISIONING_TEXT + 1} characters.`)
    .meta({ description });

export const provisionedBody = z
  .strictObject({
    message: provisioningText("A note for the portal's staff (shown on the subscription's timeline).").optional(),
  })
  .meta({ id: "ProvisionedAnswer" });

export const provisioningFailedBody = z
  .strictObject({
    reason: z
      .string("Required: say why provisioning failed (for the portal's staff).")
      .trim()
      .min(1, "Required: say why provisioning failed (for the portal's staff).")
      .max(MAX_PROVISIONING_TEXT, `Keep it under ${MAX_PROVISIONING_TEXT + 1} characters.`)
      .meta({ description: "Why provisioning failed: for the portal's staff only, never shown to the buyer." }),
    buyerMessage: provisioningText(
      "What the buyer may read on their “setting up your account” page (optional; without it they are told only that the publisher has been told).",
    ).optional(),
  })
  .meta({ id: "ProvisioningFailedAnswer" });

export const provisioningSchema = z
  .strictObject({
    subscriptionId: z.string(),
    status,
    provisioning: z.enum(["requested", "provisioned", "failed"]).meta({
      description:
        "requested: the buyer confirmed and the portal waits for your answer; provisioned: you answered provisioned (the portal activates at Microsoft, once); failed: you answered failed (answer provisioned once fixed).",
    }),
    requestedAt: isoDate.meta({ description: "When the buyer confirmed." }),
    answeredAt: nullableDate("When the last answer was recorded."),
    failureReason: z.string().nullable().meta({ description: "Your last failure reason; null unless failed." }),
    activatedAt: nullableDate("When the activation at Microsoft was recorded; null until then."),
  })
  .meta({ id: "Provisioning" });

export type ApiProvisioning = z.output<typeof provisioningSchema>;
export type ApiSubscription = z.output<typeof subscriptionSchema>;
export type ApiEntitlement = z.output<typeof entitlementSchema>;
