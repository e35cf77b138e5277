// GET /api/ready – readiness: the database answers and its migrations are applied.
import { z } from "zod";
import { checkReadiness } from "@/lib/data/health";
import { publicAccess } from "@/lib/http/auth-strategy";
import { apiRoute } from "@/lib/http/api-route";
import { json } from "@/lib/http/respond";
import { log } from "@/lib/log";
import { isShuttingDown } from "@/lib/shutdown/state";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: publicAccess("load balancers call it without credentials; it reveals only a reason code"),
  // Monitors add parameters of their own (cache busters): accepted and ignored.
  query: z.looseObject({}),
  summary: "Readiness: database reachable, migrations applied",
  tags: ["operations"],
  handler: async () => {
    // First thing on SIGTERM (lib/shutdown/graceful.ts): the load balancer stops sending before the server closes.
    if (isShuttingDown()) return json({ status: "not-ready", reason: "shutting-down" }, { status: 503 });
    const readiness = await checkReadiness();
    if (!readiness.ready) log.warn({ reason: readiness.reason }, "not ready");
    return json(readiness.ready ? { status: "ready" } : { status: "not-ready", reason: readiness.reason }, {
      status: readiness.ready ? 200 : 503,
    });
  },
});
