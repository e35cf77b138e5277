// GET /api/admin/operations/{id} – a publisher operation's progress, for the admin page to poll. Staff only (viewer).
import { z } from "zod";
import { staffSession } from "@/lib/auth/staff-strategy";
import { getOperationRecord, TERMINAL_OPERATION_STATUSES } from "@/lib/data/operations";
import { apiRoute } from "@/lib/http/api-route";
import { json, problem } from "@/lib/http/respond";
import { log } from "@/lib/log";
import { refreshOperation } from "@/lib/operations/follow-operation";

export const dynamic = "force-dynamic";

/** Ask Microsoft again when our copy is older than this (several watchers share one answer). */
const STALE_AFTER_MS = 1_500;

export const GET = apiRoute({
  auth: staffSession("viewer"),
  params: z.object({ id: z.string() }),
  summary: "A publisher operation's progress",
  tags: ["admin"],
  handler: async ({ params: { id } }) => {
    let operation = await getOperationRecord(id);
    if (!operation)
      return problem({
        type: "not-found",
        detail: "The portal knows no operation with this id. Open it from the subscription's page.",
      });
    const stale = !operation.lastCheckedAt || Date.now() - operation.lastCheckedAt.getTime() > STALE_AFTER_MS;
    if (!TERMINAL_OPERATION_STATUSES.includes(operation.status) && stale) {
      try {
        operation = (await refreshOperation(id)) ?? operation;
      } catch (err) {
        log.warn({ err, operationId: id }, "could not refresh the operation; showing the last known status");
      }
    }
    const { status, action, targetPlanId, targetQuantity, requestedAt, completedAt, errorMessage } = operation;
    return json({
      id,
      status,
      action,
      targetPlanId,
      targetQuantity,
      requestedAt,
      completedAt,
      errorMessage,
      done: TERMINAL_OPERATION_STATUSES.includes(status),
    });
  },
});
