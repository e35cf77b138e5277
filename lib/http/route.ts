import "server-only";
import { log, withRequestId } from "@/lib/log";

/**
 * Wraps a route handler: the request id from proxy.ts is on every log line written while handling it,
 * and an unexpected error becomes a plain 500 (logged with its stack, never sent to the caller).
 * Authentication is the handler's own first step (see lib/auth); public handlers say why they are public.
 */
export function route<Ctx>(handler: (request: Request, context: Ctx) => Promise<Response>) {
  return (request: Request, context: Ctx): Promise<Response> =>
    withRequestId(request.headers.get("x-request-id"), async () => {
      try {
        return await handler(request, context);
      } catch (err) {
        log.error({ err, method: request.method, path: new URL(request.url).pathname }, "unhandled error in route handler");
        return Response.json({ error: "internal_error", message: "Something went wrong on our side. Try again; if it persists, check the portal's logs." }, { status: 500 });
      }
    });
}
