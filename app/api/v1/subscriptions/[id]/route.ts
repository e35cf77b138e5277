// GET /api/v1/subscriptions/{id} – one subscription, in the integration API's shape. API key with subscriptions:read.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { getApiSubscription } from "@/lib/data/api-subscriptions";
import { apiRoute } from "@/lib/http/api-route";
import { json, problem } from "@/lib/http/respond";
import { subscriptionIdParams, subscriptionSchema } from "@/lib/integration-api/schemas";
import { toApiSubscription } from "@/lib/integration-api/subscriptions";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: apiKeyAccess("subscriptions:read"),
  params: subscriptionIdParams,
  operationId: "getSubscription",
  summary: "Get a subscription",
  description:
    "The portal's copy of one SaaS subscription: Microsoft's state, kept current by its webhook and reconciliation.",
  tags: ["subscriptions"],
  responses: {
    200: { description: "The subscription.", schema: subscriptionSchema },
    404: { description: "The portal knows no subscription with this id." },
  },
  handler: async ({ params: { id } }) => {
    const row = await getApiSubscription(id.toLowerCase());
    if (!row)
      return problem({
        type: "not-found",
        detail:
          "The portal knows no subscription with this id. Check the id (Microsoft's SaaS subscription id); a purchase appears once the buyer opened the landing page or Microsoft's webhook arrived.",
      });
    return json(toApiSubscription(row));
  },
});
