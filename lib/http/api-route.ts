import "server-only";
import { z } from "zod";
import { log } from "@/lib/log";
import type { AuthStrategy } from "./auth-strategy";
import { readBody } from "./body";
import { problem, type FieldError } from "./respond";
import { route } from "./route";
import { assertRefusesUnknownKeys, queryObject, validate } from "./validation";

/**
 * The recipe of every JSON route for machine callers (and the admin pages' polling routes): authenticate
 * (`auth`, a strategy: lib/http/auth-strategy.ts) → parse the path, query and body with zod → the typed
 * handler → its response, or an RFC 9457 problem (lib/http/respond.ts) for every refusal.
 *
 * - Authentication comes first: a refused caller learns nothing about the input the route expects.
 * - Unknown query parameters and body fields are refused (400), never ignored: a misspelt filter must not
 *   quietly return everything. Object schemas must therefore be `z.strictObject` (or, deliberately,
 *   `z.looseObject`); a plain `z.object` throws when the route module loads.
 * - Bodies are JSON objects only, read with a size cap and a time limit (lib/http/body.ts).
 * - Answers are `no-store` unless the handler says otherwise: they are about one caller, now.
 * - Unexpected errors become a 500 problem and a log line with the stack (lib/http/route.ts).
 *
 * The definition (schemas, auth, summary, tags, responses) stays attached to the handler as `definition`,
 * a plain object, so that the OpenAPI document can be generated from the same schemas:
 * `{ "/api/v1/subscriptions/{id}": { get: GET.definition } }`. (Next.js refuses any export from a
 * route.ts but the HTTP methods and segment settings, hence a property rather than a second export.)
 */

/** JSON bodies of these routes are small (a reason, a few ids); anything near this is a mistake or an attack. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

type Output<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;
type Schema = z.ZodType | undefined;

export type ApiInput<Caller, Q extends Schema, B extends Schema, P extends Schema> = {
  request: Request;
  caller: Caller;
  query: Output<Q, Record<string, never>>;
  /** Absent when the route declares no body (a request that sends one anyway is refused). */
  body: Output<B, undefined>;
  params: Output<P, Record<string, never>>;
};

/** A documented answer, for the OpenAPI document (problems are documented once, from the catalogue). */
export type ApiResponseSpec = { description: string; schema?: z.ZodType };

export type ApiRouteSpec<Caller, Q extends Schema, B extends Schema, P extends Schema> = {
  auth: AuthStrategy<Caller>;
  /** The query parameters: a `z.strictObject` of strings (use `z.coerce` for numbers). */
  query?: Q;
  /** The JSON body: a `z.strictObject`. */
  body?: B;
  /** The body may be left out altogether (no bytes, no Content-Type): it is then read as `{}`. */
  bodyOptional?: boolean;
  /** The dynamic segments of the route's path. */
  params?: P;
  maxBodyBytes?: number;
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  responses?: Record<number, ApiResponseSpec>;
};

export type ApiRouteDefinition<Caller, Q extends Schema, B extends Schema, P extends Schema> = ApiRouteSpec<
  Caller,
  Q,
  B,
  P
> & {
  handler: (input: ApiInput<Caller, Q, B, P>) => Promise<Response>;
};

/** What Next.js passes a route handler: the dynamic segments, as strings (arrays for catch-all segments). */
type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type ApiRouteHandler<Caller, Q extends Schema, B extends Schema, P extends Schema> = ((
  request: Request,
  context: NextRouteContext,
) => Promise<Response>) & {
  readonly definition: ApiRouteSpec<Caller, Q, B, P>;
};

const NO_QUERY = z.strictObject({});

export function apiRoute<
  Caller,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  P extends Schema = undefined,
>(definition: ApiRouteDefinition<Caller, Q, B, P>): ApiRouteHandler<Caller, Q, B, P> {
  const { handler, ...spec } = definition;
  if (spec.query) assertRefusesUnknownKeys(spec.query, "apiRoute: the query schema");
  if (spec.body) assertRefusesUnknownKeys(spec.body, "apiRoute: the body schema");
  const querySchema: z.ZodType = spec.query ?? NO_QUERY;
  const maxBodyBytes = spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const run = route<NextRouteContext>(async (request, context) => {
    const url = new URL(request.url);
    const who = await spec.auth.authenticate(request);
    if (!who.ok) {
      const { type, detail, challenge, reason } = who.refusal;
      log.warn({ method: request.method, path: url.pathname, type, reason }, "api request refused");
      return problem({ type, detail, headers: challenge ? { "www-authenticate": challenge } : undefined });
    }

    const errors: FieldError[] = [];
    const params = spec.params ? validate(spec.params, await context.params, "path") : { ok: true as const, data: {} };
    if (!params.ok) errors.push(...params.errors);
    const query = validate(querySchema, queryObject(url.searchParams), "query");
    if (!query.ok) errors.push(...query.errors);
    const body = await readJsonBody(request, spec.body, maxBodyBytes, spec.bodyOptional ?? false);
    if (body.kind === "refused") {
      log.warn({ method: request.method, path: url.pathname, type: body.type }, "api request refused");
      return problem({ type: body.type, detail: body.detail });
    }
    if (body.kind === "invalid") errors.push(...body.errors);
    if (!params.ok || !query.ok || body.kind === "invalid") {
      // Field names only as counts: a caller's unknown keys could be anything, personal data included.
      log.warn(
        {
          method: request.method,
          path: url.pathname,
          type: "validation-failed",
          errors: errors.length,
          in: [...new Set(errors.map((e) => e.in))],
        },
        "api request refused",
      );
      return problem({
        type: "validation-failed",
        detail: `The request has ${errors.length === 1 ? "an invalid field" : `${errors.length} invalid fields`}: see errors.`,
        errors,
      });
    }

    const response = await handler({
      request,
      caller: who.caller,
      query: query.data,
      body: body.data,
      params: params.data,
    } as ApiInput<Caller, Q, B, P>);
    return noStoreByDefault(response);
  });
  return Object.assign(run, { definition: spec });
}

type BodyOutcome =
  | { kind: "ok"; data: unknown }
  | { kind: "invalid"; errors: FieldError[] }
  | {
      kind: "refused";
      type: "unsupported-media-type" | "body-too-large" | "body-timeout" | "malformed-body";
      detail: string;
    };

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

async function readJsonBody(
  request: Request,
  schema: z.ZodType | undefined,
  maxBytes: number,
  optional: boolean,
): Promise<BodyOutcome> {
  if (!schema) {
    // Without a length, a body is there when a byte of it arrives (a reader capped at 0 bytes tells).
    const declared = request.headers.get("content-length");
    const sent = declared !== null ? Number(declared) > 0 : request.body !== null && !(await readBody(request, 0)).ok;
    return sent
      ? { kind: "invalid", errors: [{ in: "body", pointer: "#", detail: "This endpoint takes no body. Send none." }] }
      : { kind: "ok", data: undefined };
  }
  if (optional && request.headers.get("content-length") === "0" && !request.headers.get("content-type"))
    return absentBody(schema);
  if (optional && request.headers.get("content-length") === null && request.body === null) return absentBody(schema);
  const [mediaType = "", ...parameters] = (request.headers.get("content-type") ?? "")
    .split(";")
    .map((p) => p.trim().toLowerCase());
  const charset = parameters
    .find((p) => p.startsWith("charset="))
    ?.slice("charset=".length)
    .replaceAll('"', "");
  if (!JSON_MEDIA_TYPE.test(mediaType) || (charset && charset !== "utf-8")) {
    return {
      kind: "refused",
      type: "unsupported-media-type",
      detail: "Send the body as JSON, with Content-Type: application/json (UTF-8).",
    };
  }
  const encoding = request.headers.get("content-encoding");
  if (encoding && encoding.toLowerCase() !== "identity") {
    return {
      kind: "refused",
      type: "unsupported-media-type",
      detail: "Send the body without a Content-Encoding (it is small).",
    };
  }
  const read = await readBody(request, maxBytes);
  if (!read.ok) {
    if (read.status === 413)
      return {
        kind: "refused",
        type: "body-too-large",
        detail: `This endpoint accepts bodies up to ${maxBytes} bytes.`,
      };
    if (read.status === 408)
      return {
        kind: "refused",
        type: "body-timeout",
        detail: "The body did not arrive in full in time. Send it again.",
      };
    return { kind: "refused", type: "malformed-body", detail: "The body is not UTF-8 text. Send JSON." };
  }
  if (read.text.trim() === "")
    return { kind: "refused", type: "malformed-body", detail: "This endpoint needs a JSON body." };
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch (e) {
    return { kind: "refused", type: "malformed-body", detail: `The body is not valid JSON (${(e as Error).message}).` };
  }
  const parsed = validate(schema, data, "body");
  return parsed.ok ? { kind: "ok", data: parsed.data } : { kind: "invalid", errors: parsed.errors };
}

function absentBody(schema: z.ZodType): BodyOutcome {
  const parsed = validate(schema, {}, "body");
  return parsed.ok ? { kind: "ok", data: parsed.data } : { kind: "invalid", errors: parsed.errors };
}

function noStoreByDefault(response: Response): Response {
  if (response.headers.has("cache-control")) return response;
  try {
    response.headers.set("cache-control", "no-store");
    return response;
  } catch {
    // Response.redirect() and friends have immutable headers: copy them.
    const copy = new Response(response.body, response);
    copy.headers.set("cache-control", "no-store");
    return copy;
  }
}
