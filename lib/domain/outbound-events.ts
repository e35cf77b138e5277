import { z } from "zod";
import { SUBSCRIPTION_EVENT_TYPES, type SubscriptionEventType } from "./events";

/**
 * Outbound events: what an owner may subscribe an endpoint to, and what a registration must look like.
 * Pure and without server imports, so that the admin page's client components use it too; the address
 * rules that need DNS are in lib/events-out/address.ts.
 */

/** The portal's own test event, sent to one endpoint by "Send test event" (never fanned out). */
export const TEST_EVENT_TYPE = "endpoint.test";

/** Types an endpoint may receive: every change of a subscription's state (the provisioning ones included). */
export const OUTBOUND_EVENT_TYPES: readonly SubscriptionEventType[] = SUBSCRIPTION_EVENT_TYPES;

export const ENDPOINT_STATUSES = ["active", "paused", "disabled"] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

/** The webhook-id of an event: the same for every attempt and replay of it, so that receivers can dedupe. */
export const webhookIdOf = (eventId: string | bigint) => `evt_${eventId}`;

/**
 * A receiver's URL. Always absolute http(s) without credentials or a fragment; in production also https
 * (the address rules come on top, at registration and again at every send).
 */
export function endpointUrl(production: boolean) {
  return z
    .string()
    .trim()
    .max(2000, "Keep the URL under 2000 characters.")
    .superRefine((value, ctx) => {
      const problem = urlProblem(value, production);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

function urlProblem(value: string, production: boolean): string | undefined {
  if (!URL.canParse(value)) return "Give the receiver's full URL, e.g. https://app.example.com/marketplace/events.";
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https:// URL.";
  if (production && url.protocol !== "https:")
    return "Use an https:// URL: events carry your customers' subscription data and must travel encrypted.";
  if (url.username || url.password)
    return "Leave credentials out of the URL: the signature authenticates the portal to the receiver.";
  if (url.hash) return "Leave the #fragment out: it is never sent.";
  return undefined;
}

const name = z
  .string()
  .trim()
  .min(1, "Give the endpoint a name: what receives it (e.g. “provisioning service, production”).")
  .max(100, "Keep the name under 100 characters.");

const eventTypes = z
  .array(
    z.enum(OUTBOUND_EVENT_TYPES as [SubscriptionEventType, ...SubscriptionEventType[]], {
      error: (issue) => `Not an event type the portal sends: ${String(issue.input)}. See the list of event types.`,
    }),
  )
  .min(1, "Choose at least one event type.")
  .transform((types) => [...new Set(types)]);

/** A new endpoint (the admin form and POST /api/v1/event-endpoints). */
export const newEndpointInput = (production: boolean) =>
  z.strictObject({ name, url: endpointUrl(production), eventTypes });

/** A change to an endpoint: any of its name, URL, types, or paused/active. */
export const endpointChangeInput = (production: boolean) =>
  z
    .strictObject({
      name: name.optional(),
      url: endpointUrl(production).optional(),
      eventTypes: eventTypes.optional(),
      status: z
        .enum(["active", "paused"], { error: "Set status to active (deliver, re-enable) or paused (queue)." })
        .optional(),
    })
    .refine((change) => Object.keys(change).length > 0, "Send at least one of name, url, eventTypes, status.");

export type NewEndpoint = z.output<ReturnType<typeof newEndpointInput>>;
export type EndpointChange = z.output<ReturnType<typeof endpointChangeInput>>;

/** The delivery job's task, and its job key and named queue per endpoint (the fan-out trigger spells them too). */
export const DELIVER_TASK = "events.deliver";
export const deliveryQueueOf = (endpointId: string) => `${DELIVER_TASK}:${endpointId}`;
/**
 * Ahead of the webhook's backlog (0), behind its decisions (−10): during a burst most workers hold webhook
 * jobs waiting for the answers to pass, and a freed worker takes the most urgent due job (migration
 * *_outbound_events_priority says why, with the figures).
 */
export const DELIVER_PRIORITY = -5;
