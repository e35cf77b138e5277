// GET /api/v1/openapi.json – the integration API's OpenAPI 3.1 document, generated from the routes' zod schemas. Public.
import { getEnv } from "@/lib/env";
import { publicAccess } from "@/lib/http/auth-strategy";
import { apiRoute } from "@/lib/http/api-route";
import { json } from "@/lib/http/respond";
import { apiV1Document } from "../document";

export const dynamic = "force-dynamic";

let document: ReturnType<typeof apiV1Document> | undefined;

export const GET = apiRoute({
  auth: publicAccess("the API's description: it names no customer and no key, and client generators fetch it without one"),
  summary: "The OpenAPI document",
  tags: ["documentation"],
  handler: async () => {
    document ??= apiV1Document(getEnv().portalUrl);
    return json(document, { headers: { "cache-control": "public, max-age=300" } });
  },
});
