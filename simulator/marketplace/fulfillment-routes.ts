// Fulfillment API v2 under /api/saas/subscriptions (same paths, status codes and bodies as Microsoft).
import { Hono, type Context } from "hono";
import { API_VERSION, type SubscriptionsResponse } from "../api-types";
import type { SimContext } from "../context";
import type { OperationRecord } from "../core/state";
import {
  activate,
  encodeContinuation,
  listAvailablePlans,
  listPage,
  resolvePurchaseToken,
} from "../domain/fulfillment";
import { publisherDelete, publisherUpdate } from "../domain/publisher-changes";
import { findSubscription } from "../domain/operations";
import { rewriteResolveAnswer } from "../control/resolve-answers";
import { readSubscriptionView, toResolvedSubscription } from "../domain/subscription-view";
import { apiBase, guard, INVALID_JSON, readJson, sendError, type ApiEnv } from "./guard";

export function operationLocation(base: string, op: OperationRecord): string {
  return `${base}/saas/subscriptions/${op.subscriptionId}/operations/${op.id}?api-version=${API_VERSION}`;
}

const invalidJson = { code: "BadArgument", message: "The request body is not valid JSON", target: "body" };

export function fulfillmentRoutes(ctx: SimContext): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  // POST /api/saas/subscriptions/resolve – landing-page token → subscription
  api.post("/saas/subscriptions/resolve", guard(ctx, "resolve"), (c) => {
    const result = resolvePurchaseToken(ctx, c.req.header("x-ms-marketplace-token"));
    return result.ok
      ? c.json(rewriteResolveAnswer(ctx, toResolvedSubscription(result.value)), 200)
      : sendError(c, result.error);
  });

  // GET /api/saas/subscriptions[/] – every subscription of the publisher, 100 per page
  const list = guard(ctx, "list");
  const listHandler = (c: Context<ApiEnv>): Response => {
    const result = listPage(ctx, c.req.query("continuationToken"));
    if (!result.ok) return sendError(c, result.error);
    if (result.value.kind === "empty") return c.body(null, 200);
    const body: SubscriptionsResponse = {
      subscriptions: result.value.items.map((sub) => readSubscriptionView(ctx, sub)),
    };
    if (result.value.nextOffset !== undefined) {
      body["@nextLink"] =
        `${apiBase(c)}/saas/subscriptions/?continuationToken=${encodeURIComponent(encodeContinuation(result.value.nextOffset))}&api-version=${API_VERSION}`;
    }
    return c.json(body, 200);
  };
  api.get("/saas/subscriptions", list, listHandler);
  api.get("/saas/subscriptions/", list, listHandler);

  // GET /api/saas/subscriptions/{id}
  api.get("/saas/subscriptions/:id", guard(ctx, "get"), (c) => {
    const sub = findSubscription(ctx, c.req.param("id"));
    return sub
      ? c.json(readSubscriptionView(ctx, sub), 200)
      : c.json(
          { code: "EntityNotFound", message: `Subscription ${c.req.param("id")} not found`, target: "subscriptionId" },
          404,
        );
  });

  // GET /api/saas/subscriptions/{id}/listAvailablePlans[?planId=]
  api.get("/saas/subscriptions/:id/listAvailablePlans", guard(ctx, "listAvailablePlans"), (c) => {
    const result = listAvailablePlans(ctx, c.req.param("id"), c.req.query("planId"));
    return result.ok ? c.json({ plans: result.value }, 200) : sendError(c, result.error);
  });

  // POST /api/saas/subscriptions/{id}/activate – 200 with an empty body (not 204)
  api.post("/saas/subscriptions/:id/activate", guard(ctx, "activate"), async (c) => {
    const body = await readJson(c);
    if (body === INVALID_JSON) return c.json(invalidJson, 400);
    const result = activate(ctx, c.req.param("id"), body);
    return result.ok ? c.body(null, 200) : sendError(c, result.error);
  });

  // PATCH /api/saas/subscriptions/{id} – change plan or quantity: 202 + Operation-Location
  api.patch("/saas/subscriptions/:id", guard(ctx, "patch"), async (c) => {
    const body = await readJson(c);
    if (body === INVALID_JSON) return c.json(invalidJson, 400);
    const result = publisherUpdate(ctx, c.req.param("id"), body);
    if (!result.ok) return sendError(c, result.error);
    c.header("Operation-Location", operationLocation(apiBase(c), result.value));
    return c.body(null, 202);
  });

  // DELETE /api/saas/subscriptions/{id} – cancel: 202 + Operation-Location
  api.delete("/saas/subscriptions/:id", guard(ctx, "delete"), (c) => {
    const result = publisherDelete(ctx, c.req.param("id"));
    if (!result.ok) return sendError(c, result.error);
    c.header("Operation-Location", operationLocation(apiBase(c), result.value));
    return c.body(null, 202);
  });

  return api;
}
