// GET /api/admin/reconciliation – the newest reconciliation run and its progress, for the dashboard to poll. Staff only (viewer).
import { staffSession } from "@/lib/auth/staff-strategy";
import { apiRoute } from "@/lib/http/api-route";
import { json } from "@/lib/http/respond";
import { getLatestRun } from "@/lib/reconcile/admin";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  auth: staffSession("viewer"),
  summary: "The newest reconciliation run and its progress",
  tags: ["admin"],
  handler: async () => json({ run: await getLatestRun() }),
});
