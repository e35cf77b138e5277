// /_sim/faults – inject, list and clear faults.
import { Hono } from "hono";
import type { SimContext } from "../context";
import { parseBody } from "./http";
import { ZEndpointFaultInput, ZExpireTokensInput, ZUsageItemFaultInput, ZWebhookFaultInput } from "./faults";

/** Everything issued so far of that kind counts as expired from now on. */
export function expireTokens(ctx: SimContext, tokens: "access" | "purchase" | "all"): void {
  if (tokens !== "purchase") ctx.tokens.expireIssuedAccessTokens();
  if (tokens !== "access") ctx.faults.setPurchaseCutoff(ctx.clock.nowMs());
}

export function faultRoutes(ctx: SimContext): Hono {
  const app = new Hono();

  app.get("/", (c) => c.json(ctx.faults.list()));

  // POST /_sim/faults – { endpoint, kind: throttle|error|hang, count, retryAfterSeconds?, hangMs? }
  app.post("/", async (c) => {
    const body = await parseBody(c, ZEndpointFaultInput);
    if (!body.ok) return body.response;
    return c.json(ctx.faults.addEndpointFault(body.data), 201);
  });

  // POST /_sim/faults/webhooks – { kind: drop|duplicate|reorder, count, holdMs? }
  app.post("/webhooks", async (c) => {
    const body = await parseBody(c, ZWebhookFaultInput);
    if (!body.ok) return body.response;
    return c.json(ctx.faults.addWebhookFault(body.data), 201);
  });

  // POST /_sim/faults/usage-items – { status, count }: the next usage events answer this status, unrecorded
  app.post("/usage-items", async (c) => {
    const body = await parseBody(c, ZUsageItemFaultInput);
    if (!body.ok) return body.response;
    return c.json(ctx.faults.addUsageItemFault(body.data), 201);
  });

  // POST /_sim/faults/expire-tokens – { tokens: access|purchase|all }: everything issued so far is expired
  app.post("/expire-tokens", async (c) => {
    const body = await parseBody(c, ZExpireTokensInput);
    if (!body.ok) return body.response;
    expireTokens(ctx, body.data.tokens);
    return c.json({ expired: body.data.tokens, at: new Date().toISOString() });
  });

  app.delete("/", (c) => {
    ctx.faults.clear();
    return c.json(ctx.faults.list());
  });

  app.delete("/:id", (c) =>
    ctx.faults.remove(c.req.param("id")) ? c.json(ctx.faults.list()) : c.json({ error: "No such fault" }, 404),
  );

  return app;
}
