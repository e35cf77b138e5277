import { API_KEY_SCHEME } from "@/lib/auth/api-key-strategy";
import { openApiDocument, type ApiOperation } from "@/lib/http/openapi";
import { outboundEventSchema } from "@/lib/integration-api/outbound-schemas";
import { GET as getEntitlements } from "./entitlements/route";
import { POST as reportProvisioned } from "./subscriptions/[id]/provisioned/route";
import { POST as reportProvisioningFailed } from "./subscriptions/[id]/provisioning-failed/route";
import { GET as listDeliveries } from "./event-endpoints/[id]/deliveries/route";
import { POST as replay } from "./event-endpoints/[id]/replay/route";
import { DELETE as deleteEndpoint, GET as getEndpoint, PATCH as updateEndpoint } from "./event-endpoints/[id]/route";
import { GET as listEndpoints, POST as createEndpoint } from "./event-endpoints/route";
import { GET as getSubscription } from "./subscriptions/[id]/route";
import { GET as listSubscriptions } from "./subscriptions/route";
import { POST as postUsage } from "./usage/route";

/**
 * The integration API's operations and its OpenAPI document, generated from the routes' own definitions
 * (served at /api/v1/openapi.json, rendered at /docs/api, and the contract test's reference). A new route
 * of /api/v1 is added here.
 */
export const API_V1_OPERATIONS: readonly ApiOperation[] = [
  { path: "/api/v1/subscriptions", method: "get", spec: listSubscriptions.definition },
  { path: "/api/v1/subscriptions/{id}", method: "get", spec: getSubscription.definition },
  { path: "/api/v1/entitlements", method: "get", spec: getEntitlements.definition },
  { path: "/api/v1/subscriptions/{id}/provisioned", method: "post", spec: reportProvisioned.definition },
  { path: "/api/v1/subscriptions/{id}/provisioning-failed", method: "post", spec: reportProvisioningFailed.definition },
  { path: "/api/v1/usage", method: "post", spec: postUsage.definition },
  { path: "/api/v1/event-endpoints", method: "get", spec: listEndpoints.definition },
  { path: "/api/v1/event-endpoints", method: "post", spec: createEndpoint.definition },
  { path: "/api/v1/event-endpoints/{id}", method: "get", spec: getEndpoint.definition },
  { path: "/api/v1/event-endpoints/{id}", method: "patch", spec: updateEndpoint.definition },
  { path: "/api/v1/event-endpoints/{id}", method: "delete", spec: deleteEndpoint.definition },
  { path: "/api/v1/event-endpoints/{id}/deliveries", method: "get", spec: listDeliveries.definition },
  { path: "/api/v1/event-endpoints/{id}/replay", method: "post", spec: replay.definition },
] as ApiOperation[];

export function apiV1Document(portalUrl: string) {
  return openApiDocument({
    title: "Marketplace SaaS Portal: integration API",
    version: "1.0.0",
    description:
      "For the ISV's own back end: who is entitled to what, and the subscriptions the portal keeps from Microsoft's SaaS Fulfillment API. Authenticate with an API key (Admin → API keys) as `Authorization: Bearer <key>`; each operation needs the scope it names. Refusals are RFC 9457 problems (`application/problem+json`).",
    portalUrl,
    operations: API_V1_OPERATIONS,
    securitySchemes: {
      [API_KEY_SCHEME]: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "mkp_<12 hex>_<43 base64url>",
        description:
          "An API key of the portal, created by an owner on Admin → API keys with the scopes it may use (entitlements:read, subscriptions:read, subscriptions:provision, usage:write, events:manage). Shown once; revoked keys are refused at once.",
      },
    },
    tags: [
      { name: "entitlements", description: "Whether a customer may use the product now." },
      { name: "subscriptions", description: "The portal's copy of Microsoft's subscriptions." },
      {
        name: "provisioning",
        description:
          "The provisioning gate (Admin → Settings): your answers to subscription.provisioning_requested, before the portal activates at Microsoft.",
      },
      { name: "usage", description: "Metered usage, sent to Microsoft hourly above the plan's included quantity." },
      { name: "events", description: "Outbound events: the endpoints the portal POSTs subscription changes to." },
    ],
    webhooks: {
      subscriptionEvent: {
        summary: "A change of a subscription (or the test event)",
        description:
          "POSTed to every endpoint registered for its type, signed per Standard Webhooks (verify with a standardwebhooks library and the endpoint's secret). In order per subscription; retried with exponential backoff and jitter for 3 days; the webhook-id (evt_<eventId>) is the same on every retry and replay: dedupe on it. A 410 answer disables the endpoint.",
        schema: outboundEventSchema,
        tags: ["events"],
      },
    },
  });
}
