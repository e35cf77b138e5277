import "server-only";
import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { currentRequestId } from "@/lib/log";
import { PROBLEM_TYPES, problemTypeUri, type ProblemTypeName } from "./problem-types";

/**
 * The two ways a JSON route answers: `json` for data, `problem` for every refusal and failure, as an
 * RFC 9457 problem detail (`application/problem+json`). The problem carries the request's id as the
 * extension member `requestId`, the same id as the `x-request-id` header and every log line of the
 * request, so that a caller who quotes it lets support find what happened.
 */

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** One field that failed validation: a JSON Pointer (RFC 6901, in URI fragment form) into the body, or a parameter's name. */
export type FieldError =
  { in: "body"; pointer: string; detail: string } | { in: "query" | "path"; parameter: string; detail: string };

type Common = {
  /** This occurrence, for the caller: safe to show, and says what to do next. Never an internal error message. */
  detail: string;
  /** A URI reference for this occurrence, when there is one worth naming. */
  instance?: string;
  errors?: FieldError[];
  /** For example `WWW-Authenticate` on a 401. */
  headers?: HeadersInit;
};

/**
 * Either one of the portal's problem types (status and title come from the catalogue, lib/http/problem-types.ts),
 * or `about:blank`: a plain HTTP status with nothing more to say than its title (RFC 9457 §4.2.1).
 */
export type ProblemInit = Common &
  ({ type: ProblemTypeName } | { type?: "about:blank"; status: number; title?: string });

/** The problem body as a schema, for the OpenAPI document (every refusal of every route) and contract tests. */
export const problemBodySchema = z.strictObject({
  type: z
    .string()
    .describe("A URI naming the kind of problem: one of the portal's /docs/problems/<name>, or about:blank."),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().describe("This occurrence, and what to do next."),
  instance: z.string().optional(),
  requestId: z
    .string()
    .optional()
    .describe("The request's id, as in its x-request-id header and every log line about it."),
  errors: z
    .array(
      z.union([
        z.strictObject({
          in: z.literal("body"),
          pointer: z.string().describe("A JSON Pointer (URI fragment form) into the body."),
          detail: z.string(),
        }),
        z.strictObject({ in: z.enum(["query", "path"]), parameter: z.string(), detail: z.string() }),
      ]),
    )
    .optional(),
});

export type ProblemBody = z.output<typeof problemBodySchema>;

/** A JSON answer (`application/json`). */
export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init);
}

/** An `application/problem+json` answer; never cached (it is about one request). */
export function problem(init: ProblemInit): Response {
  const body = problemBody(init);
  const headers = new Headers(init.headers);
  headers.set("content-type", PROBLEM_CONTENT_TYPE);
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** The body `problem` sends (members in the RFC's order, then the extensions). */
export function problemBody(init: ProblemInit): ProblemBody {
  const { type, status, title } =
    init.type && init.type !== "about:blank"
      ? {
          type: problemTypeUri(getEnv().portalUrl, init.type),
          status: PROBLEM_TYPES[init.type].status,
          title: PROBLEM_TYPES[init.type].title,
        }
      : { type: "about:blank", status: init.status, title: init.title ?? STATUS_CODES[init.status] ?? "Error" };
  const requestId = currentRequestId();
  return {
    type,
    title,
    status,
    detail: init.detail,
    ...(init.instance ? { instance: init.instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...(init.errors ? { errors: init.errors } : {}),
  };
}
