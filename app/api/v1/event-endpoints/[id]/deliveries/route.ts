// GET /api/v1/event-endpoints/{id}/deliveries – an endpoint's delivery log, newest first, cursor-paged. API key with events:manage.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { getEndpoint } from "@/lib/data/event-endpoints";
import { listDeliveryAttempts } from "@/lib/data/outbound-replay";
import { apiRoute } from "@/lib/http/api-route";
import { json, problem } from "@/lib/http/respond";
import { deliveriesQuery, encodeAttemptCursor, endpointIdParams, toApiAttempt } from "@/lib/integration-api/outbound";
import { deliveryAttemptListSchema } from "@/lib/integration-api/outbound-schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: apiKeyAccess("events:manage"),
  params: endpointIdParams,
  query: deliveriesQuery,
  operationId: "listEventDeliveries",
  summary: "List an endpoint's delivery attempts",
  description:
    "Every request the portal made to the endpoint: when, which event, the answer's status (or why none came) and the latency. Newest first; follow nextCursor until it is null.",
  tags: ["events"],
  responses: {
    200: { description: "One page of attempts.", schema: deliveryAttemptListSchema },
    404: { description: "No endpoint has this id." },
  },
  handler: async ({ params: { id }, query }) => {
    if (!(await getEndpoint(id)))
      return problem({ type: "not-found", detail: "No endpoint has this id (or it was deleted)." });
    const rows = await listDeliveryAttempts(id, query.limit + 1, query.cursor);
    const page = rows.slice(0, query.limit);
    return json({
      data: page.map(toApiAttempt),
      nextCursor: rows.length > query.limit ? encodeAttemptCursor(page.at(-1)!.id) : null,
    });
  },
});
