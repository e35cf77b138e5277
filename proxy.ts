import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";

/**
 * 1. Gives every request an id (kept from a well-formed `x-request-id`, else new), passed to the handlers
 *    as a request header and returned to the caller, so that a log line can be traced to a request.
 * 2. Serves the landing page at the configured LANDING_PATH (Microsoft opens it with ?token=).
 * Authentication is checked by every page, action and handler itself, never only here.
 */
export function proxy(request: NextRequest) {
  const incoming = request.headers.get("x-request-id");
  const requestId = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  const landingPath = getEnv().landing.path;
  const { pathname } = request.nextUrl;
  const isLanding = landingPath !== "/" && landingPath !== "/landing" && (pathname === landingPath || pathname === `${landingPath}/`);
  const response = isLanding
    ? NextResponse.rewrite(new URL(`/landing${request.nextUrl.search}`, request.url), { request: { headers } })
    : NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  return response;
}

/**
 * Machine endpoints (Microsoft's webhook, the benchmark's bare route, a future /api/v1) stay out: Next.js
 * buffers the body of every request the proxy sees (up to `proxyClientMaxBodySize`) and waits for all of it
 * before the route runs, so anyone could make the server hold megabytes per connection, or hang on a body
 * declared longer than sent, before the route's own size, token and time checks. Those routes read their
 * body themselves, capped (lib/webhooks/body.ts), and get their request id from lib/http/route.ts.
 */
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|fonts/|api/webhooks/|api/v1/|api/bench/).*)"],
};
