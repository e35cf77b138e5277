// GET /api/v1/entitlements – is this tenant (or personal account) entitled, to which plan, how many seats. API key with entitlements:read.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { listEntitlementRows } from "@/lib/data/api-subscriptions";
import { apiRoute } from "@/lib/http/api-route";
import { json } from "@/lib/http/respond";
import { entitlementsQuery, entitlementsSchema, MAX_ENTITLEMENTS } from "@/lib/integration-api/schemas";
import { isEntitled, toApiEntitlement } from "@/lib/integration-api/subscriptions";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: apiKeyAccess("entitlements:read"),
  query: entitlementsQuery,
  operationId: "getEntitlements",
  summary: "Entitlements of a tenant or a person",
  description:
    "The subscriptions whose beneficiary is this tenant (with objectId: this person), with status, plan, seats, term and flags. `entitled` is true when one of them is Subscribed: give access then. Personal Microsoft accounts all share one tenant id, so objectId is required with it.",
  tags: ["entitlements"],
  responses: {
    200: { description: "The entitlements (an empty list when there are none).", schema: entitlementsSchema },
  },
  handler: async ({ query: { tenantId, objectId } }) => {
    const rows = await listEntitlementRows(tenantId, objectId ?? null, MAX_ENTITLEMENTS);
    const shown = rows.slice(0, MAX_ENTITLEMENTS);
    return json({
      tenantId: tenantId.toLowerCase(),
      objectId: objectId?.toLowerCase() ?? null,
      entitled: shown.some(isEntitled),
      entitlements: shown.map(toApiEntitlement),
      truncated: rows.length > MAX_ENTITLEMENTS,
    });
  },
});
