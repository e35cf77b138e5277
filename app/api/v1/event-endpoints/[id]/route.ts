// GET, PATCH, DELETE /api/v1/event-endpoints/{id} – one outbound-event endpoint. API key with events:manage.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/data/event-endpoints";
import { productionUrlProblem } from "@/lib/events-out/api-input";
import { apiRoute } from "@/lib/http/api-route";
import { json, problem } from "@/lib/http/respond";
import { apiManager, changeEndpointBody, endpointIdParams, toApiEndpoint } from "@/lib/integration-api/outbound";
import { eventEndpointSchema } from "@/lib/integration-api/outbound-schemas";

export const dynamic = "force-dynamic";

const notFound = () =>
  problem({
    type: "not-found",
    detail: "No endpoint has this id (or it was deleted). List them with GET /api/v1/event-endpoints.",
  });
const NOT_FOUND = { description: "No endpoint has this id." };

export const GET = apiRoute({
  auth: apiKeyAccess("events:manage"),
  params: endpointIdParams,
  operationId: "getEventEndpoint",
  summary: "Get an outbound-event endpoint",
  tags: ["events"],
  responses: { 200: { description: "The endpoint.", schema: eventEndpointSchema }, 404: NOT_FOUND },
  handler: async ({ params: { id } }) => {
    const endpoint = await getEndpoint(id);
    return endpoint ? json(toApiEndpoint(endpoint)) : notFound();
  },
});

export const PATCH = apiRoute({
  auth: apiKeyAccess("events:manage"),
  params: endpointIdParams,
  body: changeEndpointBody,
  operationId: "updateEventEndpoint",
  summary: "Change, pause or resume an outbound-event endpoint",
  description:
    "Any of name, url, eventTypes, status. `paused` queues its events; `active` resumes it, or re-enables an endpoint the portal disabled (its queued events flow again, in order).",
  tags: ["events"],
  responses: { 200: { description: "The endpoint as changed.", schema: eventEndpointSchema }, 404: NOT_FOUND },
  handler: async ({ params: { id }, body, caller }) => {
    const refused = await productionUrlProblem(body.url);
    if (refused) return refused;
    const endpoint = await updateEndpoint(id, body, apiManager(caller));
    return endpoint ? json(toApiEndpoint(endpoint)) : notFound();
  },
});

export const DELETE = apiRoute({
  auth: apiKeyAccess("events:manage"),
  params: endpointIdParams,
  operationId: "deleteEventEndpoint",
  summary: "Delete an outbound-event endpoint",
  description: "It receives nothing more; its queued events are dropped.",
  tags: ["events"],
  responses: { 204: { description: "Deleted." }, 404: NOT_FOUND },
  handler: async ({ params: { id }, caller }) =>
    (await deleteEndpoint(id, apiManager(caller))) ? new Response(null, { status: 204 }) : notFound(),
});
