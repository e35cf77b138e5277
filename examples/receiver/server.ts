/**
 * A reference receiver: the ISV's SaaS app, reduced to what it does with the portal. Run it beside the portal:
 *
 *   PORTAL_URL=http://localhost:3000 npx tsx examples/receiver/server.ts
 *   # and start the portal with SAAS_APP_URL_TEMPLATE=http://localhost:4020/start?subscription={subscriptionId}
 *
 * GET /start?token=…  verifies the hand-off (handoff.ts), opens a session and redirects to /welcome, so that
 *                     the token leaves the address bar and the history; a bad or expired token gets a page
 *                     saying so (401).
 * GET /welcome        the subscription the session was opened for.
 * POST /events        the portal's outbound events (events.ts): verified, deduped, recorded; listed on /.
 *                     `subscription.provisioning_requested` provisions the tenant once and answers the
 *                     portal's provisioning gate (provisioning.ts); the tenants are listed on / too.
 * GET /events.json    the events received, as JSON; GET /tenants.json the tenants.
 * Settings: RECEIVER_PORT (4020), RECEIVER_URL (its public origin, the token's audience; default
 * http://localhost:$RECEIVER_PORT), PORTAL_URL (the portal, the token's issuer; default http://localhost:3000),
 * RECEIVER_EVENTS_SECRET or RECEIVER_EVENTS_SECRET_FILE (the endpoint's signing secret), RECEIVER_EVENTS_FILE
 * (keeps the events across restarts), RECEIVER_API_KEY or RECEIVER_API_KEY_FILE (a portal API key with the
 * scope subscriptions:provision), RECEIVER_TENANTS_FILE (keeps the tenants across restarts),
 * RECEIVER_TEST_CONTROLS=1 (for the end-to-end tests, from loopback only: POST /_test/events sets the secret,
 * or answers 500 or hangs; POST /_test/provisioning sets the API key, or makes provisioning fail or report
 * failure). Neither token, key nor secret is ever logged.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import fs from "node:fs";
import { createEventInbox, type AnswerMode } from "./events";
import { createHandoffVerifier, type HandoffSubscription } from "./handoff";
import { homePage, page, refusedPage, welcomePage } from "./pages";
import { createProvisioner, type ProvisioningMode, type ProvisioningRequest } from "./provisioning";

const port = Number(process.env.RECEIVER_PORT ?? 4020);
const audience = new URL(process.env.RECEIVER_URL ?? `http://localhost:${port}`).origin;
const portalUrl = (process.env.PORTAL_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const verifyHandoff = createHandoffVerifier({ portalUrl, audience });
/** A setting given as NAME, or in the file NAME_FILE (for secrets mounted as files). */
const setting = (name: string): string | undefined => {
  const file = process.env[`${name}_FILE`];
  return process.env[name] ?? (file ? fs.readFileSync(file, "utf8").trim() : undefined);
};
const provisioner = createProvisioner({
  portalUrl,
  apiKey: setting("RECEIVER_API_KEY"),
  file: process.env.RECEIVER_TENANTS_FILE,
});
const inbox = createEventInbox({
  secret: setting("RECEIVER_EVENTS_SECRET"),
  file: process.env.RECEIVER_EVENTS_FILE,
  handlers: {
    "subscription.provisioning_requested": ({ data }) =>
      data.subscriptionId ? provisioner.provision(data.subscriptionId, requestOf(data)) : Promise.resolve(true),
  },
});
/** The plan and seats changed (`after`), whom to provision and what the buyer entered (`provisioning`). */
function requestOf(data: {
  after?: unknown;
  provisioning?: { beneficiary?: { tenantId?: string | null }; buyerDetails?: Record<string, string> };
}): ProvisioningRequest {
  const after = (data.after ?? {}) as ProvisioningRequest;
  return {
    offerId: after.offerId,
    planId: after.planId,
    seats: after.seats,
    beneficiaryTenantId: data.provisioning?.beneficiary?.tenantId ?? null,
    buyerDetails: data.provisioning?.buyerDetails,
  };
}
const testControls = process.env.RECEIVER_TEST_CONTROLS === "1";
const MAX_EVENT_BYTES = 256 * 1024;
/** Sessions in memory: a real app has its own. */
const sessions = new Map<string, HandoffSubscription>();

function send(res: http.ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    // The token is in this page's URL: never send it on as a Referer.
    "referrer-policy": "no-referrer",
    "content-security-policy": "default-src 'none'; form-action 'none'; frame-ancestors 'none'",
    ...headers,
  });
  res.end(html);
}

/** The test controls hand over secrets: only from this machine (the server listens on loopback anyway). */
const fromLoopback = (req: http.IncomingMessage) =>
  ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(req.socket.remoteAddress ?? "");

const sessionOf = (req: http.IncomingMessage) =>
  /(?:^|;\s*)receiver_session=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1];

/** The raw body, capped: the signature is over these exact bytes, so nothing is parsed before it is verified. */
async function rawBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_EVENT_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function answer(res: http.ServerResponse, status: number, body = ""): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end(body);
}

async function handlePost(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> {
  const body = await rawBody(req);
  if (body === null) return answer(res, 413);
  if (path === "/events") {
    const status = await inbox.receive(body, req.headers as Record<string, string | undefined>);
    // "hang": never answer (the portal's timeout ends the request, and it retries later).
    if (status !== "hang") answer(res, status);
    return;
  }
  if (path === "/_test/events" && testControls && fromLoopback(req)) {
    const control = JSON.parse(body) as { secret?: string; mode?: AnswerMode };
    if (control.secret !== undefined) inbox.secret = control.secret;
    if (control.mode) inbox.mode = control.mode;
    return answer(res, 204);
  }
  if (path === "/_test/provisioning" && testControls && fromLoopback(req)) {
    const control = JSON.parse(body) as { apiKey?: string | null; mode?: ProvisioningMode };
    if (control.apiKey !== undefined) provisioner.apiKey = control.apiKey ?? undefined;
    if (control.mode) provisioner.mode = control.mode;
    return answer(res, 204);
  }
  return answer(res, 404);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", audience);
  console.log(`${req.method} ${url.pathname}`);
  if (req.method === "POST") return handlePost(req, res, url.pathname);
  if (req.method !== "GET") return send(res, 405, page("Method not allowed", ""), { allow: "GET, POST" });

  if (url.pathname === "/start") {
    const tokens = url.searchParams.getAll("token");
    if (tokens.length !== 1) return send(res, 400, refusedPage("invalid", "ERR_NO_TOKEN"));
    const result = await verifyHandoff(tokens[0]!);
    if (!result.ok) {
      console.log(`hand-off refused: ${result.reason} (${result.code})`);
      return send(res, 401, refusedPage(result.reason, result.code));
    }
    // The URL's own id must be the one the portal signed.
    const claimed = url.searchParams.get("subscription");
    if (claimed && claimed !== result.subscription.subscriptionId) {
      return send(res, 401, refusedPage("invalid", "ERR_SUBSCRIPTION_MISMATCH"));
    }
    // With the provisioning gate on, the tenant exists already (provisioning.ts); without it, provision
    // here, idempotently by subscription id (the portal's events will say the same again).
    const session = randomBytes(24).toString("base64url");
    sessions.set(session, result.subscription);
    console.log(`hand-off accepted for subscription ${result.subscription.subscriptionId}`);
    return send(res, 303, page("Signed in", '<p><a href="/welcome">Continue</a></p>'), {
      location: "/welcome",
      "set-cookie": `receiver_session=${session}; Path=/; HttpOnly; SameSite=Lax`,
    });
  }

  if (url.pathname === "/welcome") {
    const subscription = sessions.get(sessionOf(req) ?? "");
    if (!subscription) return send(res, 401, page("Open the app from the portal", "<p>No hand-off yet.</p>"));
    return send(res, 200, welcomePage(subscription));
  }

  if (url.pathname === "/health") return send(res, 200, "ok", { "content-type": "text/plain" });
  if (url.pathname === "/events.json" || url.pathname === "/tenants.json") {
    const list = url.pathname === "/events.json" ? inbox.events : [...provisioner.tenants.values()];
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    return void res.end(JSON.stringify(list));
  }
  if (url.pathname === "/") return send(res, 200, homePage(inbox.events, [...provisioner.tenants.values()]));
  return send(res, 404, page("Not found", ""));
}

http
  .createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error(`receiver error: ${(e as Error).message}`);
      if (!res.headersSent) send(res, 500, page("Something went wrong", ""));
    });
  })
  .listen(port, "127.0.0.1", () => console.log(`reference receiver on ${audience}, portal ${portalUrl}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
