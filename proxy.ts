import { NextResponse, type NextRequest } from "next/server";

/**
 * Gives every request an id (kept from a trusted-looking `x-request-id`, else new), passed to the
 * handlers as a request header and returned to the caller, so a log line can be traced to a request.
 * Authentication is checked by every page, action and handler itself, never only here.
 */
export function proxy(request: NextRequest) {
  const incoming = request.headers.get("x-request-id");
  const requestId = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|fonts/).*)"],
};
