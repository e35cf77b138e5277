// GET /api/admin/operations/{id} – a publisher operation's progress, for the admin page to poll. Staff only (viewer).
import { staffRoute } from "@/lib/auth/guard";
import { getOperationRecord, TERMINAL_OPERATION_STATUSES } from "@/lib/data/operations";
import { log } from "@/lib/log";
import { refreshOperation } from "@/lib/operations/follow-operation";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Ask Microsoft again when our copy is older than this (several watchers share one answer). */
const STALE_AFTER_MS = 1_500;

export const GET = staffRoute<Context>("viewer", async (_request, context) => {
  const { id } = await context.params;
  let operation = await getOperationRecord(id);
  if (!operation) return Response.json({ error: "not-found" }, { status: 404 });
  const stale = !operation.lastCheckedAt || Date.now() - operation.lastCheckedAt.getTime() > STALE_AFTER_MS;
  if (!TERMINAL_OPERATION_STATUSES.includes(operation.status) && stale) {
    try {
      operation = (await refreshOperation(id)) ?? operation;
    } catch (err) {
      log.warn({ err, operationId: id }, "could not refresh the operation; showing the last known status");
    }
  }
  const { status, action, targetPlanId, targetQuantity, requestedAt, completedAt, errorMessage } = operation;
  return Response.json({ id, status, action, targetPlanId, targetQuantity, requestedAt, completedAt, errorMessage, done: TERMINAL_OPERATION_STATUSES.includes(status) }, { headers: { "cache-control": "no-store" } });
});
