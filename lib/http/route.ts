import "server-only";
import { randomUUID } from "node:crypto";
import { log, sanitizeRequestId, withRequestId } from "@/lib/log";
import { problem } from "./respond";

/**
 * Wraps a route handler: the request has an id on every log line written while handling it and in the
 * answer's `x-request-id`, and an unexpected error becomes a 500 problem (lib/http/respond.ts) with a
 * generic text and the request id (logged with its stack, never sent to the caller). Authentication is
 * the handler's own first step (JSON routes: lib/http/api-route.ts); public handlers say why they are public.
 *
 * The id is usually set by proxy.ts; machine endpoints (the webhook) are kept out of the proxy, because
 * Next.js buffers the body of every proxied request before the route runs (see proxy.ts), so this gives
 * them their own, kept from a well-formed `x-request-id` like the proxy does.
 */
export function route<Ctx>(handler: (request: Request, context: Ctx) => Promise<Response>) {
  return (request: Request, context: Ctx): Promise<Response> => {
    const requestId = sanitizeRequestId(request.headers.get("x-request-id")) ?? randomUUID();
    return withRequestId(requestId, async () => {
      let response: Response;
      try {
        response = await handler(request, context);
      } catch (err) {
        log.error(
          { err, method: request.method, path: new URL(request.url).pathname },
          "unhandled error in route handler",
        );
        response = problem({
          type: "internal-error",
          detail:
            "Something went wrong on our side. Try again; if it persists, give the requestId to the portal's operators.",
        });
      }
      return withRequestIdHeader(response, requestId);
    });
  };
}

function withRequestIdHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    // Response.redirect() and friends have immutable headers: copy them.
    const copy = new Response(response.body, response);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}
