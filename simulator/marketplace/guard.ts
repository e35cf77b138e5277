// Front of every Marketplace API call: request ids, injected faults, api-version, bearer token.
import type { Context, MiddlewareHandler } from "hono";
import { API_VERSION } from "../api-types";
import type { SimContext } from "../context";
import { applyEndpointFaultAround } from "../control/apply-fault";
import type { EndpointName } from "../control/faults";
import { newGuid } from "../core/ids";
import type { DomainError } from "../domain/result";
import { errorBody } from "../domain/result";

export type ApiEnv = { Variables: { requestId: string; correlationId: string } };

/** The 403 text reported by publishers (Accelerator #607/#776), sent as a JSON string. */
export const FORBIDDEN_MESSAGE =
  "The authorization token is invalid, expired, missing or this request is attempting to access a SaaS subscription for an offer that was published with a different Azure AD App ID from the one used to create the authorization token.";

/** Echoes x-ms-requestid / x-ms-correlationid, generating them when the client sent none. */
export const requestIds: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const requestId = c.req.header("x-ms-requestid") ?? newGuid();
  const correlationId = c.req.header("x-ms-correlationid") ?? newGuid();
  c.set("requestId", requestId);
  c.set("correlationId", correlationId);
  await next();
  c.res.headers.set("x-ms-requestid", requestId);
  c.res.headers.set("x-ms-correlationid", correlationId);
};

export function guard(ctx: SimContext, endpoint: EndpointName): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    // Counted first: every request the endpoint receives, faulted or refused ones included.
    ctx.calls.count(endpoint, c.req.param("id"));
    const fault = await applyEndpointFaultAround(ctx, c, endpoint);
    if (fault.response) return fault.response;
    // ASP.NET API-versioning error bodies (capitalised keys), as the real service answers.
    const version = c.req.query("api-version");
    if (version === undefined) {
      return c.json(
        { Error: { Code: "ApiVersionUnspecified", Message: "An API version is required, but was not specified." } },
        400,
      );
    }
    if (version !== API_VERSION) {
      return c.json(
        {
          Error: {
            Code: "UnsupportedApiVersion",
            Message: `The HTTP resource that matches the request URI '${c.req.url}' does not support the API version '${version}'.`,
          },
        },
        400,
      );
    }
    const verdict = await ctx.tokens.verifyMarketplaceToken(c.req.header("authorization"));
    if (!verdict.ok) {
      ctx.log.debug(`${endpoint}: ${verdict.status} (${verdict.reason})`);
      if (verdict.status === 401) {
        c.header(
          "WWW-Authenticate",
          'Bearer authorization_uri="' + `${ctx.urls.https}/${ctx.seed.publisher.tenantId}/oauth2/authorize"`,
        );
        return c.body(null, 401);
      }
      return c.json(FORBIDDEN_MESSAGE, 403);
    }
    await next();
    await fault.after?.();
  };
}

export function sendError(c: Context, error: DomainError): Response {
  return c.json(errorBody(error), error.status);
}

/** Parses a JSON body; undefined for an empty body, the symbol for invalid JSON. */
export const INVALID_JSON = Symbol("invalid-json");
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

/** Absolute base for Operation-Location and @nextLink: the origin the client called. */
export function apiBase(c: Context): string {
  return `${new URL(c.req.url).origin}/api`;
}
