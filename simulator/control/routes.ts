// Control API under /_sim: JSON, no authentication (the simulator binds to loopback). Used by tests,
// by the portal's test suites and by the simulator's own pages.
import { Hono } from "hono";
import { z } from "zod";
import type { SimContext } from "../context";
import { emptyState } from "../core/state";
import { ZBulkInput, bulkSeed } from "../domain/bulk-seed";
import {
  CUSTOMER_EVENTS,
  ZCustomerEventBody,
  customerEvent,
  expireGracePeriods,
  type CustomerEvent,
} from "../domain/customer-events";
import { findSubscription } from "../domain/operations";
import { landingToken, purchase, ZPurchaseInput } from "../domain/purchase";
import { toApiOperation, toApiSubscription } from "../domain/subscription-view";
import { ZOfferSeed, ZPersona } from "../seed/load-seed";
import { callRoutes } from "./calls";
import { faultRoutes } from "./fault-routes";
import { domainError, parseBody } from "./http";
import { mintToken, ZMintInput } from "./mint";
import { startedTimings, timingRoutes } from "./timings";
import { resolveAnswerRoutes } from "./resolve-answers";

export const ZResetInput = z.object({
  offers: z.array(ZOfferSeed).optional(),
  personas: z.array(ZPersona).optional(),
  purchases: z.array(ZPurchaseInput).default([]),
});

const ZClockInput = z.object({
  advanceMs: z.number().int().optional(),
  set: z.iso.datetime({ offset: true }).optional(),
  reset: z.boolean().optional(),
});

export function subscriptionView(ctx: SimContext, id: string): Record<string, unknown> | undefined {
  const sub = findSubscription(ctx, id);
  if (!sub) return undefined;
  const operations = ctx.store.state.operations
    .filter((op) => op.subscriptionId === sub.id)
    .map((op) => ({ ...toApiOperation(op), operationRequestSource: op.source }));
  return { ...toApiSubscription(sub), simulator: sub.sim, operations };
}

export function controlRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const restoreTimings = startedTimings(ctx);

  app.get("/health", (c) =>
    c.json({ status: "ok", httpsUrl: ctx.urls.https, httpUrl: ctx.urls.http, now: ctx.clock.now().toISOString() }),
  );

  app.get("/state", (c) => {
    const s = ctx.store.state;
    return c.json({
      now: ctx.clock.now().toISOString(),
      clockOffsetMs: ctx.clock.offsetMs(),
      publisher: ctx.seed.publisher,
      subscriptions: s.subscriptions.map((sub) => subscriptionView(ctx, sub.id)),
      usage: s.usage,
      webhooks: s.deliveries,
      faults: ctx.faults.list(),
      keys: ctx.keys.summary(),
    });
  });

  app.get("/catalog", (c) =>
    c.json({
      publisher: ctx.seed.publisher,
      fulfillmentAppId: ctx.seed.fulfillmentApp.clientId,
      signInApp: { clientId: ctx.seed.signInApp.clientId, redirectUris: ctx.seed.signInApp.redirectUris },
      tenants: ctx.seed.tenants,
      personas: ctx.store.state.catalog?.personas ?? ctx.seed.personas,
      offers: ctx.store.state.catalog?.offers ?? ctx.seed.offers,
    }),
  );

  // POST /_sim/reset – empty state (keys kept so cached tokens stay valid), optional catalog and purchases
  app.post("/reset", async (c) => {
    const body = await parseBody(c, ZResetInput);
    if (!body.ok) return body.response;
    const next = emptyState(ctx.store.state.secrets);
    if (body.data.offers || body.data.personas) {
      next.catalog = {
        ...(body.data.offers ? { offers: body.data.offers } : {}),
        ...(body.data.personas ? { personas: body.data.personas } : {}),
      };
    }
    ctx.store.replace(next);
    ctx.clock.setOffsetMs(0);
    ctx.faults.clear();
    ctx.calls.reset();
    restoreTimings();
    const purchases = [];
    for (const input of body.data.purchases) {
      const result = purchase(ctx, input);
      if (!result.ok) return domainError(c, result.error);
      purchases.push({
        subscriptionId: result.value.subscriptionId,
        token: result.value.token,
        landingUrl: result.value.landingUrl,
      });
    }
    await ctx.store.flush();
    return c.json({ status: "reset", purchases });
  });

  // POST /_sim/purchases – buy as a persona → { subscriptionId, token, landingUrl }
  app.post("/purchases", async (c) => {
    const body = await parseBody(c, ZPurchaseInput);
    if (!body.ok) return body.response;
    const result = purchase(ctx, body.data);
    if (!result.ok) return domainError(c, result.error);
    const { subscriptionId, token, landingUrl } = result.value;
    return c.json({ subscriptionId, token, landingUrl, subscription: subscriptionView(ctx, subscriptionId) }, 201);
  });

  // POST /_sim/subscriptions/bulk – {count ≤ 200 000, offerId?, planId?, status? | statusMix?, personaIds?, …}:
  // subscriptions written straight into the state (no tokens, no webhooks), for benchmarks
  app.post("/subscriptions/bulk", async (c) => {
    const body = await parseBody(c, ZBulkInput);
    if (!body.ok) return body.response;
    const result = bulkSeed(ctx, body.data);
    return result.ok ? c.json(result.value, 201) : domainError(c, result.error);
  });

  // POST /_sim/subscriptions/{id}/landing-token – "Manage account": a fresh token for an existing subscription
  app.post("/subscriptions/:id/landing-token", (c) => {
    const sub = findSubscription(ctx, c.req.param("id"));
    if (!sub) return c.json({ error: `Subscription ${c.req.param("id")} not found` }, 404);
    return c.json(landingToken(ctx, sub.id));
  });

  app.get("/subscriptions/:id", (c) => {
    const view = subscriptionView(ctx, c.req.param("id"));
    return view ? c.json(view) : c.json({ error: `Subscription ${c.req.param("id")} not found` }, 404);
  });

  // POST /_sim/subscriptions/{id}/{change-plan|change-quantity|cancel|suspend|reinstate|renew|expire-grace}
  app.post("/subscriptions/:id/:event", async (c) => {
    const event = CUSTOMER_EVENTS.find((e) => e === c.req.param("event"));
    if (!event) return c.json({ error: `Unknown event; use one of ${CUSTOMER_EVENTS.join(", ")}` }, 404);
    const body = await parseBody(c, ZCustomerEventBody);
    if (!body.ok) return body.response;
    const result = customerEvent(ctx, c.req.param("id"), event satisfies CustomerEvent, body.data);
    if (!result.ok) return domainError(c, result.error);
    const { subscription, operation } = result.value;
    return c.json({
      subscription: subscriptionView(ctx, subscription.id),
      ...(operation ? { operation: { ...toApiOperation(operation), operationRequestSource: operation.source } } : {}),
    });
  });

  app.get("/keys", (c) => c.json({ keys: ctx.keys.summary() }));
  // POST /_sim/keys/rotate – new signing key; the old one stays in the JWKS for SIM_KEY_GRACE_MS
  app.post("/keys/rotate", async (c) => {
    const key = await ctx.keys.rotate();
    return c.json({ kid: key.kid, keys: ctx.keys.summary() });
  });

  app.post("/tokens/mint", async (c) => {
    const body = await parseBody(c, ZMintInput);
    if (!body.ok) return body.response;
    try {
      const result = await mintToken(ctx, body.data);
      return typeof result === "string" ? c.json({ error: result }, 400) : c.json(result);
    } catch (error) {
      return c.json({ error: `Could not mint: ${(error as Error).message}` }, 400);
    }
  });

  const clockView = (expired: string[] = []): Record<string, unknown> => ({
    now: ctx.clock.now().toISOString(),
    offsetMs: ctx.clock.offsetMs(),
    expiredGracePeriods: expired,
  });
  app.get("/clock", (c) => c.json(clockView()));
  // POST /_sim/clock – { advanceMs } | { set: ISO } | { reset: true }; moves Marketplace time only
  app.post("/clock", async (c) => {
    const body = await parseBody(c, ZClockInput);
    if (!body.ok) return body.response;
    if (body.data.reset) ctx.clock.setOffsetMs(0);
    if (body.data.set) ctx.clock.setOffsetMs(new Date(body.data.set).getTime() - Date.now());
    if (body.data.advanceMs) ctx.clock.setOffsetMs(ctx.clock.offsetMs() + body.data.advanceMs);
    ctx.store.state.clockOffsetMs = ctx.clock.offsetMs();
    ctx.store.changed();
    return c.json(clockView(expireGracePeriods(ctx)));
  });

  // GET /_sim/webhooks – delivery log, newest first, every attempt with status code and latency
  app.get("/webhooks", (c) => {
    const subscriptionId = c.req.query("subscriptionId");
    const operationId = c.req.query("operationId");
    const list = ctx.store.state.deliveries.filter(
      (d) =>
        (!subscriptionId || d.subscriptionId === subscriptionId) && (!operationId || d.operationId === operationId),
    );
    return c.json({ url: ctx.settings.webhookUrl, deliveries: [...list].reverse() });
  });
  app.delete("/webhooks", (c) => {
    const s = ctx.store.state;
    s.deliveries = s.deliveries.filter((d) => d.state === "scheduled" || d.state === "in-flight" || d.state === "held");
    ctx.store.changed();
    return c.json({ remaining: s.deliveries.length });
  });

  app.route("/faults", faultRoutes(ctx));
  app.route("/calls", callRoutes(ctx));
  app.route("/timings", timingRoutes(ctx));
  app.route("/resolve-answers", resolveAnswerRoutes(ctx));
  return app;
}
