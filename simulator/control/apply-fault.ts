// Applies an injected endpoint fault to one call: 429 + Retry-After, 500, or a hang before the request is
// processed; or, once it is processed, a late answer, a 500 or a closed connection instead of the answer.
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { SimContext } from "../context";
import { entraErrorBody } from "../entra/errors";
import type { EndpointFault, EndpointName } from "./faults";

/**
 * What the guard does with this call: answer `response` at once (the request is not processed), or process
 * it and then run `after` (which may delay, replace or drop the answer).
 */
export type FaultOutcome = { response?: Response; after?: () => Promise<void> };

/** For the token endpoint (faults after processing are Marketplace API faults only): the response to send instead, if any. */
export async function applyEndpointFault(
  ctx: SimContext,
  c: Context,
  endpoint: EndpointName,
): Promise<Response | undefined> {
  return (await applyEndpointFaultAround(ctx, c, endpoint)).response;
}

/** Takes the endpoint's next fault, if any, and applies its first half (before the request is processed). */
export async function applyEndpointFaultAround(
  ctx: SimContext,
  c: Context,
  endpoint: EndpointName,
): Promise<FaultOutcome> {
  const fault = ctx.faults.takeEndpointFault(endpoint);
  if (!fault) return {};
  ctx.log.debug(`fault ${fault.kind} on ${endpoint} (${fault.remaining} left)`);
  const entra = endpoint === "token";
  switch (fault.kind) {
    case "hang":
      await ctx.timers.sleep(fault.hangMs);
      return {};
    case "throttle":
      c.header("Retry-After", String(fault.retryAfterSeconds));
      return {
        response: entra
          ? c.json(
              entraErrorBody(
                ctx.urls.https,
                "temporarily_unavailable",
                50196,
                "The request was throttled (injected fault).",
              ),
              429,
            )
          : // Azure API Management's throttling body, which fronts Microsoft's marketplace APIs.
            c.json(
              { statusCode: 429, message: `Rate limit is exceeded. Try again in ${fault.retryAfterSeconds} seconds.` },
              429,
            ),
      };
    case "error":
      return { response: serverError(ctx, c, entra) };
    case "hang-after":
    case "error-after":
    case "reset-after":
      return { after: () => afterProcessing(ctx, c, fault, entra) };
  }
}

function serverError(ctx: SimContext, c: Context, entra: boolean): Response {
  return entra
    ? c.json(
        entraErrorBody(
          ctx.urls.https,
          "server_error",
          90033,
          "A transient error has occurred. Please try again (injected fault).",
        ),
        500,
      )
    : c.json(
        { error: { code: "InternalServerError", message: "An unexpected error occurred (injected fault)." } },
        500,
      );
}

// The change is already made (an operation exists, a subscription is activated): the client only loses
// the answer — what a timeout or a gateway failure after the request reached Microsoft looks like.
async function afterProcessing(ctx: SimContext, c: Context, fault: EndpointFault, entra: boolean): Promise<void> {
  switch (fault.kind) {
    case "hang-after":
      await ctx.timers.sleep(fault.hangMs);
      return;
    case "error-after":
      c.res = serverError(ctx, c, entra);
      return;
    case "reset-after": {
      const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
      incoming?.socket.destroy();
      return;
    }
    default:
      return;
  }
}
