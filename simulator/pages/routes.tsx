/** @jsxImportSource hono/jsx */
// Browser pages (served on both ports; the http one is what a browser opens). Forms post here and the
// handlers call the same domain functions as the control API, then redirect back (post/redirect/get).
import { Hono, type Context } from "hono";
import type { SimContext } from "../context";
import { expireTokens } from "../control/fault-routes";
import { ZEndpointFaultInput, ZExpireTokensInput, ZWebhookFaultInput } from "../control/faults";
import { availablePlans, findPlan, offers, personas } from "../domain/catalog";
import { CUSTOMER_EVENTS, ZCustomerEventBody, customerEvent } from "../domain/customer-events";
import { findSubscription, pendingOperation } from "../domain/operations";
import { landingToken, purchase, ZPurchaseInput } from "../domain/purchase";
import { FaultsPage } from "./faults-page";
import { HomePage } from "./home-page";
import { MarketplacePage } from "./marketplace-page";
import { SubscriptionsPage, type SubscriptionRow } from "./subscriptions-page";
import { WebhooksPage } from "./webhooks-page";

async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string" && value !== "") fields[key] = value;
  return fields;
}

/** Rows on the Subscriptions page (newest first). */
const PAGE_ROWS = 300;

const back = (c: Context, path: string, kind: "notice" | "error", message: string): Response =>
  c.redirect(`${path}?${kind}=${encodeURIComponent(message)}`, 303);

export function pageRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const flash = (c: Context): { notice?: string; error?: string } => ({
    ...(c.req.query("notice") ? { notice: c.req.query("notice") } : {}),
    ...(c.req.query("error") ? { error: c.req.query("error") } : {}),
  });

  app.get("/", (c) =>
    c.html(
      <HomePage
        httpsUrl={ctx.urls.https}
        httpUrl={ctx.urls.http}
        seed={ctx.seed}
        personas={personas(ctx)}
        webhookUrl={ctx.settings.webhookUrl}
        landingUrl={ctx.settings.landingUrl}
        certPath={`${ctx.settings.certDir}/localhost.pem`}
      />,
    ),
  );

  app.get("/marketplace", (c) =>
    c.html(
      <MarketplacePage
        personas={personas(ctx)}
        offers={offers(ctx)}
        tenants={ctx.seed.tenants}
        landingUrl={ctx.settings.landingUrl}
        {...flash(c)}
      />,
    ),
  );

  app.post("/marketplace/buy", async (c) => {
    const f = await formFields(c);
    const [offerId, planId] = (f.plan ?? "").split("/");
    const input = ZPurchaseInput.safeParse({
      personaId: f.personaId,
      offerId,
      planId,
      ...(f.quantity ? { quantity: f.quantity } : {}),
      ...(f.termUnit ? { termUnit: f.termUnit } : {}),
      ...(f.cspPartnerPersonaId ? { cspPartnerPersonaId: f.cspPartnerPersonaId } : {}),
      ...(f.name ? { name: f.name } : {}),
      isTest: f.isTest === "1",
    });
    if (!input.success)
      return back(
        c,
        "/marketplace",
        "error",
        input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      );
    const result = purchase(ctx, input.data);
    if (!result.ok) return back(c, "/marketplace", "error", result.error.message);
    if (f.stay)
      return back(
        c,
        "/subscriptions",
        "notice",
        `Bought ${result.value.subscriptionId}. Landing page: ${result.value.landingUrl}`,
      );
    return c.redirect(result.value.landingUrl, 303);
  });

  app.get("/subscriptions", (c) => {
    // The newest few hundred: after a bulk seed of 100 000 the full table would be useless and slow.
    const all = ctx.store.state.subscriptions;
    const rows: SubscriptionRow[] = all
      .slice(-PAGE_ROWS)
      .reverse()
      .map((sub) => {
        const plan = findPlan(ctx, sub.offerId, sub.planId);
        const pending = pendingOperation(ctx, sub.id);
        const last = [...ctx.store.state.deliveries].reverse().find((d) => d.subscriptionId === sub.id);
        return {
          sub,
          ...(plan ? { plan } : {}),
          switchablePlans: availablePlans(ctx, sub),
          ...(pending ? { pending } : {}),
          ...(last ? { lastWebhook: `${last.action} – ${last.state}` } : {}),
        };
      });
    return c.html(
      <SubscriptionsPage rows={rows} total={all.length} now={ctx.clock.now().toISOString()} {...flash(c)} />,
    );
  });

  // "Configure account" / "Manage account": Microsoft opens the landing page with a fresh token.
  app.post("/subscriptions/:id/landing", (c) => {
    const sub = findSubscription(ctx, c.req.param("id"));
    if (!sub) return back(c, "/subscriptions", "error", "No such subscription");
    return c.redirect(landingToken(ctx, sub.id).landingUrl, 303);
  });

  app.post("/subscriptions/:id/:event", async (c) => {
    const event = CUSTOMER_EVENTS.find((e) => e === c.req.param("event"));
    if (!event) return back(c, "/subscriptions", "error", "Unknown event");
    const body = ZCustomerEventBody.safeParse(await formFields(c));
    if (!body.success) return back(c, "/subscriptions", "error", body.error.issues.map((i) => i.message).join("; "));
    const result = customerEvent(ctx, c.req.param("id"), event, body.data);
    if (!result.ok) return back(c, "/subscriptions", "error", result.error.message);
    const { operation, subscription } = result.value;
    const what = operation
      ? `${operation.action} (${operation.status})`
      : `autoRenew = ${String(subscription.autoRenew)}`;
    return back(c, "/subscriptions", "notice", `${what} for ${subscription.name}`);
  });

  app.get("/faults", (c) => c.html(<FaultsPage {...ctx.faults.list()} {...flash(c)} />));

  const addFault = (path: string, apply: (fields: Record<string, string>) => string | undefined) =>
    app.post(path, async (c) => {
      const error = apply(await formFields(c));
      return error ? back(c, "/faults", "error", error) : back(c, "/faults", "notice", "Done.");
    });
  addFault("/faults/endpoint", (f) => {
    const input = ZEndpointFaultInput.safeParse(f);
    if (!input.success) return input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    ctx.faults.addEndpointFault(input.data);
    return undefined;
  });
  addFault("/faults/webhooks", (f) => {
    const input = ZWebhookFaultInput.safeParse(f);
    if (!input.success) return input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    ctx.faults.addWebhookFault(input.data);
    return undefined;
  });
  addFault("/faults/expire-tokens", (f) => {
    const input = ZExpireTokensInput.safeParse(f);
    if (!input.success) return "Choose which tokens to expire.";
    expireTokens(ctx, input.data.tokens);
    return undefined;
  });
  addFault("/faults/clear", () => {
    ctx.faults.clear();
    return undefined;
  });
  app.post("/faults/:id/remove", (c) =>
    ctx.faults.remove(c.req.param("id"))
      ? back(c, "/faults", "notice", "Removed.")
      : back(c, "/faults", "error", "No such fault."),
  );

  app.get("/webhooks", (c) =>
    c.html(
      <WebhooksPage
        deliveries={[...ctx.store.state.deliveries].reverse()}
        url={ctx.settings.webhookUrl}
        tokenVersion={ctx.settings.webhookTokenVersion}
      />,
    ),
  );

  return app;
}
