// POST /api/v1/event-endpoints/{id}/replay – send one event, or every event of a time range, again. API key with events:manage.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { MAX_REPLAY_EVENTS, replayEvents } from "@/lib/data/outbound-replay";
import { apiRoute } from "@/lib/http/api-route";
import { json, problem } from "@/lib/http/respond";
import { apiManager, endpointIdParams, replayBody } from "@/lib/integration-api/outbound";
import { replayResultSchema } from "@/lib/integration-api/outbound-schemas";

export const dynamic = "force-dynamic";

export const POST = apiRoute({
  auth: apiKeyAccess("events:manage"),
  params: endpointIdParams,
  body: replayBody,
  operationId: "replayEvents",
  summary: "Replay events to an endpoint",
  description: `{eventId} sends that event again; {from, to} every event of the endpoint's types in [from, to), at most ${MAX_REPLAY_EVENTS}. Replays keep their webhook-id (receivers that have them dedupe) and queue behind what is pending.`,
  tags: ["events"],
  responses: {
    202: { description: "Queued.", schema: replayResultSchema },
    404: { description: "No endpoint has this id." },
  },
  handler: async ({ params: { id }, body, caller }) => {
    const request = body.eventId
      ? { eventId: body.eventId.replace(/^evt_/, "") }
      : { from: new Date(body.from!), to: new Date(body.to!) };
    const queued = await replayEvents(id, request, apiManager(caller).actor);
    if (queued === null) return problem({ type: "not-found", detail: "No endpoint has this id (or it was deleted)." });
    return json({ queued }, { status: 202 });
  },
});
