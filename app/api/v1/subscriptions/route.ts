// GET /api/v1/subscriptions – subscriptions with filters, newest first, paged by an opaque cursor. API key with subscriptions:read.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { listApiSubscriptions } from "@/lib/data/api-subscriptions";
import { apiRoute } from "@/lib/http/api-route";
import { json } from "@/lib/http/respond";
import { encodeCursor } from "@/lib/integration-api/cursor";
import { listSubscriptionsQuery, subscriptionListSchema } from "@/lib/integration-api/schemas";
import { toApiSubscription } from "@/lib/integration-api/subscriptions";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: apiKeyAccess("subscriptions:read"),
  query: listSubscriptionsQuery,
  operationId: "listSubscriptions",
  summary: "List subscriptions",
  description:
    "Newest first (when the portal first saw them), `limit` at a time. Follow `nextCursor` until it is null: paging neither skips nor repeats a subscription while others change; one that arrives meanwhile is in the next listing. With `updatedSince`, only those whose copy changed since then.",
  tags: ["subscriptions"],
  responses: { 200: { description: "One page of subscriptions.", schema: subscriptionListSchema } },
  handler: async ({ query }) => {
    const { cursor, limit, updatedSince, ...filter } = query;
    const page = await listApiSubscriptions(
      { ...filter, updatedSince: updatedSince ? new Date(updatedSince) : undefined },
      cursor ?? null,
      limit,
    );
    const last = page.rows.at(-1);
    return json({
      data: page.rows.map(toApiSubscription),
      nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    });
  },
});
