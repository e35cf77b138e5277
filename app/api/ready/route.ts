// GET /api/ready – readiness: the database answers and its migrations are applied. Public on purpose
// (load balancers call it); it reveals only a reason code.
import { checkReadiness } from "@/lib/data/health";
import { route } from "@/lib/http/route";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const readiness = await checkReadiness();
  if (!readiness.ready) log.warn({ reason: readiness.reason }, "not ready");
  return Response.json(readiness.ready ? { status: "ready" } : { status: "not-ready", reason: readiness.reason }, {
    status: readiness.ready ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
