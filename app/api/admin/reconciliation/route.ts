// GET /api/admin/reconciliation – the newest reconciliation run and its progress, for the dashboard to poll. Staff only (viewer).
import { staffRoute } from "@/lib/auth/guard";
import { getLatestRun } from "@/lib/reconcile/admin";

export const dynamic = "force-dynamic";

export const GET = staffRoute("viewer", async () => Response.json({ run: await getLatestRun() }, { headers: { "cache-control": "no-store" } }));
