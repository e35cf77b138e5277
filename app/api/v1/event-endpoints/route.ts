// GET, POST /api/v1/event-endpoints – list and register outbound-event endpoints. API key with events:manage.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { createEndpoint, listEndpoints } from "@/lib/data/event-endpoints";
import { productionUrlProblem } from "@/lib/events-out/api-input";
import { apiRoute } from "@/lib/http/api-route";
import { json } from "@/lib/http/respond";
import { apiManager, createEndpointBody, toApiEndpoint } from "@/lib/integration-api/outbound";
import { createdEventEndpointSchema, eventEndpointListSchema } from "@/lib/integration-api/outbound-schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: apiKeyAccess("events:manage"),
  operationId: "listEventEndpoints",
  summary: "List outbound-event endpoints",
  description: "Every registered endpoint, newest first, with its state and queue. Secrets are never listed.",
  tags: ["events"],
  responses: { 200: { description: "The endpoints.", schema: eventEndpointListSchema } },
  handler: async () => json({ data: (await listEndpoints()).map(toApiEndpoint) }),
});

export const POST = apiRoute({
  auth: apiKeyAccess("events:manage"),
  body: createEndpointBody,
  operationId: "createEventEndpoint",
  summary: "Register an outbound-event endpoint",
  description:
    "The portal POSTs each event of the chosen types to `url`, signed per Standard Webhooks with the secret in this answer (shown only here: keep it in your secret store). In production the URL must be https and resolve to a public address.",
  tags: ["events"],
  responses: {
    201: { description: "Registered; the answer carries its signing secret.", schema: createdEventEndpointSchema },
  },
  handler: async ({ body, caller }) => {
    const refused = await productionUrlProblem(body.url);
    if (refused) return refused;
    const { secret, record } = await createEndpoint(body, apiManager(caller));
    return json({ ...toApiEndpoint(record), secret }, { status: 201 });
  },
});
