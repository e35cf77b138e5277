/**
 * The kinds of refusal the portal's JSON routes answer with, each an RFC 9457 problem type: a stable name
 * (the last segment of its `type` URI, which callers may branch on), the HTTP status it always comes
 * with, a title that never changes between occurrences, and what the caller should do. The OpenAPI
 * document and a reference page can list them from here.
 */
export const PROBLEM_TYPES = {
  unauthenticated: {
    status: 401,
    title: "Authentication required",
    description:
      "No credential was sent, or the one sent is not valid (unknown, expired or revoked). Sign in, or send a valid one.",
  },
  forbidden: {
    status: 403,
    title: "Not allowed",
    description: "The caller is known but lacks the role this needs. Ask an owner for the role.",
  },
  "insufficient-scope": {
    status: 403,
    title: "Insufficient scope",
    description: "The credential is valid but was not granted the scope this needs. Use a key with that scope.",
  },
  "not-found": {
    status: 404,
    title: "Not found",
    description: "Nothing exists under this address (or the caller may not know that it does). Check the id.",
  },
  conflict: {
    status: 409,
    title: "Conflicts with the current state",
    description:
      "The request is well-formed but does not fit what has happened to the resource (e.g. answering provisioning for a purchase nobody asked about). `detail` says what the state is and what to do.",
  },
  "validation-failed": {
    status: 400,
    title: "Invalid request",
    description:
      "The query, path or body did not pass validation. `errors` lists each field (a JSON Pointer into the body, or the parameter's name) with what is wrong.",
  },
  "malformed-body": {
    status: 400,
    title: "Malformed body",
    description: "The body is missing, is not UTF-8 text, or is not JSON. Send one JSON object.",
  },
  "unsupported-media-type": {
    status: 415,
    title: "Unsupported media type",
    description: "The body must be sent as `Content-Type: application/json`, without a content encoding.",
  },
  "body-too-large": {
    status: 413,
    title: "Body too large",
    description: "The body is larger than this endpoint accepts. Send less.",
  },
  "body-timeout": {
    status: 408,
    title: "Body not received in time",
    description: "The body did not arrive in full within the time allowed. Send it again.",
  },
  "idempotency-key-reused": {
    status: 422,
    title: "Idempotency-Key reused",
    description:
      "This Idempotency-Key was used before with a different body. A retry must send the same body as the first attempt; new content needs a new key.",
  },
  "internal-error": {
    status: 500,
    title: "Internal error",
    description:
      "Something went wrong on the portal's side. Try again; if it persists, give the `requestId` to the portal's operators: it finds the log line.",
  },
} as const satisfies Record<string, { status: number; title: string; description: string }>;

export type ProblemTypeName = keyof typeof PROBLEM_TYPES;

/** Where the problem types are documented, under the portal's own URL (RFC 9457 recommends absolute URIs). */
export const PROBLEM_TYPES_PATH = "/docs/problems";

/** The `type` URI of a problem type, e.g. `https://portal.example/docs/problems/not-found`. */
export function problemTypeUri(portalUrl: string, name: ProblemTypeName): string {
  return `${portalUrl}${PROBLEM_TYPES_PATH}/${name}`;
}
