// Applies an injected endpoint fault to one call: 429 + Retry-After, 500, or a hang before answering normally.
import type { Context } from "hono";
import type { SimContext } from "../context";
import { entraErrorBody } from "../entra/errors";
import type { EndpointName } from "./faults";

/** Returns the fault response, or undefined to let the call proceed (after any injected hang). */
export async function applyEndpointFault(ctx: SimContext, c: Context, endpoint: EndpointName): Promise<Response | undefined> {
  const fault = ctx.faults.takeEndpointFault(endpoint);
  if (!fault) return undefined;
  ctx.log.debug(`fault ${fault.kind} on ${endpoint} (${fault.remaining} left)`);
  const entra = endpoint === "token";
  switch (fault.kind) {
    case "hang":
      await ctx.timers.sleep(fault.hangMs);
      return undefined;
    case "throttle":
      c.header("Retry-After", String(fault.retryAfterSeconds));
      return entra
        ? c.json(entraErrorBody(ctx.urls.https, "temporarily_unavailable", 50196, "The request was throttled (injected fault)."), 429)
        : // Azure API Management's throttling body, which fronts Microsoft's marketplace APIs.
          c.json({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${fault.retryAfterSeconds} seconds.` }, 429);
    case "error":
      return entra
        ? c.json(entraErrorBody(ctx.urls.https, "server_error", 90033, "A transient error has occurred. Please try again (injected fault)."), 500)
        : c.json({ error: { code: "InternalServerError", message: "An unexpected error occurred (injected fault)." } }, 500);
  }
}
