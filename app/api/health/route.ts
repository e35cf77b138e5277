// GET /api/health – liveness: the process is up. Public on purpose (load balancers call it); says nothing else.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
