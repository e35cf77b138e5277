import "server-only";
import { Webhook } from "standardwebhooks";
import { TEST_EVENT_TYPE, webhookIdOf } from "@/lib/domain/outbound-events";
import type { OutboundEvent, ProvisioningRequest, SubscriptionChange } from "@/lib/integration-api/outbound-schemas";

/**
 * What one delivery sends: the payload (the portal's stable shape, lib/integration-api/outbound-schemas.ts)
 * and the Standard Webhooks headers, signed by standardwebhooks, the specification's reference library.
 */

/** An event of the feed as a message carries it. */
export type FeedEvent = {
  eventId: string;
  type: string;
  at: Date;
  subscriptionId: string | null;
  before: unknown;
  after: unknown;
};

/** Stored column names (lib/data/subscription-columns.ts) → the payload's stable names. */
const CHANGE_FIELDS: Record<string, keyof SubscriptionChange> = {
  status: "status",
  planId: "planId",
  offerId: "offerId",
  quantity: "seats",
  name: "name",
  termStartDate: "termStartDate",
  termEndDate: "termEndDate",
  termUnit: "termUnit",
  autoRenew: "autoRenew",
  isTest: "isTest",
  isFreeTrial: "isFreeTrial",
  beneficiaryTenantId: "beneficiaryTenantId",
  beneficiaryObjectId: "beneficiaryObjectId",
  beneficiaryEmail: "beneficiaryEmail",
  purchaserTenantId: "purchaserTenantId",
  purchaserObjectId: "purchaserObjectId",
  purchaserEmail: "purchaserEmail",
  allowedCustomerOperations: "allowedCustomerOperations",
  purchasedAt: "purchasedAt",
  reason: "reason",
};

/** Only the fields the contract names: a column the portal adds later does not leak into v1 unannounced. */
function change(value: unknown): SubscriptionChange | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = CHANGE_FIELDS[key];
    if (name) out[name] = v instanceof Date ? v.toISOString() : v;
  }
  return out as SubscriptionChange;
}

/** The portal's own test event ("Send test event") is stored as event_endpoint.tested. */
const payloadType = (type: string) => (type === "event_endpoint.tested" ? TEST_EVENT_TYPE : type);

export function outboundPayload(event: FeedEvent): OutboundEvent {
  const at = event.at.toISOString();
  return {
    type: payloadType(event.type) as OutboundEvent["type"],
    timestamp: at,
    data: {
      eventId: event.eventId,
      subscriptionId: event.subscriptionId,
      occurredAt: at,
      before: change(event.before),
      after: change(event.after),
      ...(event.type === "subscription.provisioning_requested" ? { provisioning: provisioningOf(event.after) } : {}),
    },
  };
}

const textOf = (v: unknown) => (typeof v === "string" ? v : null);
/** A JSON object's fields, or none: the event's stored JSON is read defensively (older rows, hand edits). */
const fieldsOf = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? v : {}) as Record<string, unknown>;
const partyOf = (v: unknown) => ({ tenantId: textOf(fieldsOf(v).tenantId), objectId: textOf(fieldsOf(v).objectId) });

/** The request's parties and form fields, as lib/data/provisioning.ts records them in the event. */
function provisioningOf(after: unknown): ProvisioningRequest {
  const a = fieldsOf(after);
  return {
    beneficiary: partyOf(a.beneficiary),
    purchaser: { ...partyOf(a.purchaser), email: textOf(fieldsOf(a.purchaser).email) },
    confirmedBy: partyOf(a.confirmedBy),
    buyerDetails: Object.fromEntries(
      Object.entries(fieldsOf(a.buyerDetails)).filter((e): e is [string, string] => typeof e[1] === "string"),
    ),
  };
}

/**
 * The headers of one request. One signature per secret, space-separated (the specification allows several):
 * during a rotation both the new and the previous secret sign, so a receiver verifies with either.
 */
export function signedHeaders(
  secrets: readonly string[],
  eventId: string,
  sentAt: Date,
  body: string,
): Record<string, string> {
  const id = webhookIdOf(eventId);
  return {
    "content-type": "application/json",
    "user-agent": "marketplace-saas-portal-events/1",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(id, sentAt, body)).join(" "),
  };
}
