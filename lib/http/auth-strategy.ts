/**
 * How a JSON route (lib/http/api-route.ts) learns who is calling. A strategy is given the request and
 * answers with the caller or a refusal; the route answers the refusal as a problem (401 when the caller
 * is unknown, 403 when known but not allowed) and never runs its handler.
 *
 * Strategies: `publicAccess` (below), staff sessions (lib/auth/staff-strategy.ts) and the integration API's
 * keys (lib/auth/api-key-strategy.ts: `bearerToken(request)`, the key looked up, `unauthenticated` (401, with
 * a `Bearer` challenge) when it is missing, unknown, expired or revoked, `insufficient-scope` (403) when it
 * lacks the route's scope). `security` names the scheme and scopes for the OpenAPI document.
 */

/** The refusals a strategy may answer with (problem types, lib/http/problem-types.ts). */
export type AuthRefusalType = "unauthenticated" | "forbidden" | "insufficient-scope";

export type AuthRefusal = {
  type: AuthRefusalType;
  /** For the caller: what to do next. Never says which secret check failed when that would help a guesser. */
  detail: string;
  /** A `WWW-Authenticate` value (RFC 9110 §11.6.1; for bearer tokens RFC 6750 §3, e.g. `Bearer error="invalid_token"`). */
  challenge?: string;
  /** For the log only (never sent): why, e.g. "expired". */
  reason: string;
};

export type AuthOutcome<Caller> = { ok: true; caller: Caller } | { ok: false; refusal: AuthRefusal };

/**
 * What the OpenAPI document says about a route's caller: `public` with the reason, or a security scheme
 * and the scopes (or, for non-OAuth schemes, roles: OpenAPI 3.1 allows both) it requires.
 */
export type AuthSecurity =
  { kind: "public"; why: string } | { kind: "scheme"; scheme: string; scopes: readonly string[] };

export type AuthStrategy<Caller> = {
  readonly security: AuthSecurity;
  authenticate(request: Request): Promise<AuthOutcome<Caller>>;
};

/**
 * No authentication. `why` is required, so that each public route says in code why it is public (it is
 * also what the OpenAPI document says).
 */
export function publicAccess(why: string): AuthStrategy<null> {
  return { security: { kind: "public", why }, authenticate: async () => ({ ok: true, caller: null }) };
}

export type BearerToken = { ok: true; token: string } | { ok: false; reason: "missing" | "not-bearer" | "malformed" };

// RFC 6750 §2.1: "Bearer" (any case), one or more spaces, a b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of the request's `Authorization: Bearer …` header, or why there is none. */
export function bearerToken(request: Request): BearerToken {
  const header = request.headers.get("authorization");
  if (header === null || header.trim() === "") return { ok: false, reason: "missing" };
  if (!/^Bearer(\s|$)/i.test(header)) return { ok: false, reason: "not-bearer" };
  const match = BEARER.exec(header.trim());
  return match ? { ok: true, token: match[1]! } : { ok: false, reason: "malformed" };
}
