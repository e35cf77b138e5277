// Operations API under /api/saas/subscriptions/{id}/operations.
import { Hono } from "hono";
import type { SimContext } from "../context";
import { acknowledgeOperation, findOperation, findSubscription, outstandingOperations } from "../domain/operations";
import { toApiOperation } from "../domain/subscription-view";
import { guard, INVALID_JSON, readJson, sendError, type ApiEnv } from "./guard";

export function operationsRoutes(ctx: SimContext): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  // GET …/operations – operations still in progress
  api.get("/saas/subscriptions/:id/operations", guard(ctx, "listOperations"), (c) => {
    const sub = findSubscription(ctx, c.req.param("id"));
    // Observed on the real API: an unknown subscription gives an empty list, not 404.
    const operations = sub ? outstandingOperations(ctx, sub.id) : [];
    return c.json({ operations: operations.map(toApiOperation) }, 200);
  });

  // GET …/operations/{operationId}
  api.get("/saas/subscriptions/:id/operations/:operationId", guard(ctx, "getOperation"), (c) => {
    const sub = findSubscription(ctx, c.req.param("id"));
    if (!sub)
      return c.json(
        { code: "EntityNotFound", message: `Subscription ${c.req.param("id")} not found`, target: "subscriptionId" },
        404,
      );
    const op = findOperation(ctx, c.req.param("operationId"));
    if (!op || op.subscriptionId !== sub.id)
      return c.json(
        { code: "EntityNotFound", message: "Failed to get operation", target: c.req.param("operationId") },
        404,
      );
    return c.json(toApiOperation(op), 200);
  });

  // PATCH …/operations/{operationId} – ACK: {"status":"Success"|"Failure"}
  api.patch("/saas/subscriptions/:id/operations/:operationId", guard(ctx, "patchOperation"), async (c) => {
    const body = await readJson(c);
    if (body === INVALID_JSON)
      return c.json({ code: "BadArgument", message: "The request body is not valid JSON", target: "body" }, 400);
    const result = acknowledgeOperation(ctx, c.req.param("id"), c.req.param("operationId"), body);
    if (!result.ok) return sendError(c, result.error);
    switch (result.value.kind) {
      case "partner":
        // Observed: ACKing an operation the publisher started itself fails with 500 (it completes on its own).
        return c.json(
          { error: { code: "InternalServerError", message: "Operations requested by the partner cannot be updated." } },
          500,
        );
      case "conflict":
        // Observed: the 409 body holds just the request id.
        return c.json({ message: c.get("requestId") }, 409);
      case "ok":
        return c.body(null, 200);
    }
  });

  return api;
}
