// GET /api/health – liveness: the process is up.
import { z } from "zod";
import { publicAccess } from "@/lib/http/auth-strategy";
import { apiRoute } from "@/lib/http/api-route";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: publicAccess("load balancers call it without credentials; it says nothing but that the process is up"),
  // Monitors add parameters of their own (cache busters): accepted and ignored.
  query: z.looseObject({}),
  summary: "Liveness",
  tags: ["operations"],
  handler: async () => json({ status: "ok" }),
});
