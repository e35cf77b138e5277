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
 * Settings: RECEIVER_PORT (4020), RECEIVER_URL (its public origin, the token's audience; default
 * http://localhost:$RECEIVER_PORT), PORTAL_URL (the portal, the token's issuer; default http://localhost:3000).
 * The token is never logged.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import { createHandoffVerifier, type HandoffSubscription } from "./handoff";
import { page, refusedPage, welcomePage } from "./pages";

const port = Number(process.env.RECEIVER_PORT ?? 4020);
const audience = new URL(process.env.RECEIVER_URL ?? `http://localhost:${port}`).origin;
const portalUrl = (process.env.PORTAL_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const verifyHandoff = createHandoffVerifier({ portalUrl, audience });
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

const sessionOf = (req: http.IncomingMessage) =>
  /(?:^|;\s*)receiver_session=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1];

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", audience);
  console.log(`${req.method} ${url.pathname}`);
  if (req.method !== "GET") return send(res, 405, page("Method not allowed", ""), { allow: "GET" });

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
    // Provision here, idempotently by subscription id (the portal's events will say the same again).
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
  if (url.pathname === "/") return send(res, 200, page("Reference receiver", "<p>Open me from the portal.</p>"));
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
