// One Hono application serves both ports: Entra, Marketplace APIs, control API and pages.
import { Hono } from "hono";
import type { SimContext } from "./context";
import { controlRoutes } from "./control/routes";
import { authorizeRoutes } from "./entra/authorize";
import { discoveryRoutes } from "./entra/discovery";
import { tokenRoutes } from "./entra/token-endpoint";
import { fulfillmentRoutes } from "./marketplace/fulfillment-routes";
import { requestIds, type ApiEnv } from "./marketplace/guard";
import { meteringRoutes } from "./marketplace/metering-routes";
import { operationsRoutes } from "./marketplace/operations-routes";
import { pageRoutes } from "./pages/routes";

export function buildApp(ctx: SimContext): Hono {
  const app = new Hono();

  // Path only: query strings may carry codes or continuation tokens.
  app.use(async (c, next) => {
    const started = Date.now();
    await next();
    ctx.log.info(`${c.req.method} ${c.req.path} ${c.res.status} ${Date.now() - started}ms`);
  });

  // Microsoft's servers tell their time in the Date header: it follows the simulator's clock, so that moving
  // the clock (POST /_sim/clock) plays a portal whose clock is off (the setup doctor compares the two).
  app.use(async (c, next) => {
    await next();
    c.res.headers.set("date", ctx.clock.now().toUTCString());
  });

  const api = new Hono<ApiEnv>();
  api.use(requestIds);
  api.route("/", fulfillmentRoutes(ctx));
  api.route("/", operationsRoutes(ctx));
  api.route("/", meteringRoutes(ctx));
  api.all("*", (c) => c.json({ code: "NotFound", message: `No API at ${c.req.method} ${c.req.path}` }, 404));
  app.route("/api", api);

  app.route("/_sim", controlRoutes(ctx));
  app.route("/", discoveryRoutes(ctx));
  app.route("/", tokenRoutes(ctx));
  app.route("/", authorizeRoutes(ctx));
  app.route("/", pageRoutes(ctx));

  app.onError((error, c) => {
    ctx.log.warn(`unexpected error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return c.json({ error: { code: "InternalServerError", message: "Unexpected simulator error." } }, 500);
  });
  return app;
}
