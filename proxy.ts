import { NextResponse, type NextRequest } from "next/server";
import { getEnv, isDevServer } from "@/lib/env";
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from "@/lib/http/security-headers";

/**
 * 1. Gives every request an id (kept from a well-formed `x-request-id`, else new), passed to the handlers
 *    as a request header and returned to the caller, so that a log line can be traced to a request.
 * 2. Sets the Content-Security-Policy with a fresh script nonce (lib/http/security-headers.ts), on the
 *    response and on the request (Next.js reads the nonce from there for its own scripts; pages are
 *    rendered per request for it, see app/layout.tsx), and HSTS in production.
 * 3. Serves the landing page at the configured LANDING_PATH (Microsoft opens it with ?token=).
 * Authentication is checked by every page, action and handler itself, never only here.
 */
export function proxy(request: NextRequest) {
  const env = getEnv();
  const incoming = request.headers.get("x-request-id");
  const requestId = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
  const csp = contentSecurityPolicy({ nonce: newNonce(), production: env.isProduction, devServer: isDevServer() });
  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  headers.set("content-security-policy", csp);
  const landingPath = env.landing.path;
  const { pathname } = request.nextUrl;
  const isLanding =
    landingPath !== "/" && landingPath !== "/landing" && (pathname === landingPath || pathname === `${landingPath}/`);
  const response = isLanding
    ? NextResponse.rewrite(new URL(`/landing${request.nextUrl.search}`, request.url), { request: { headers } })
    : NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  response.headers.set("content-security-policy", csp);
  if (env.isProduction) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  return response;
}

/**
 * Machine endpoints (Microsoft's webhook, the benchmark's bare route, the integration API /api/v1) stay out: Next.js
 * buffers the body of every request the proxy sees (up to `proxyClientMaxBodySize`) and waits for all of it
 * before the route runs, so anyone could make the server hold megabytes per connection, or hang on a body
 * declared longer than sent, before the route's own size, token and time checks. Those routes read their
 * body themselves, capped (lib/webhooks/body.ts), and get their request id from lib/http/route.ts.
 */
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|fonts/|api/webhooks/|api/v1/|api/bench/).*)"],
};
