import "server-only";
import { recordRefusedApiKeyUse, findApiKeyByHash, touchApiKey, type ApiKeyLookup } from "@/lib/data/api-keys";
import { hashApiKey } from "@/lib/domain/api-key-secret";
import { apiKeyPrefix, looksLikeApiKey, type ApiScope } from "@/lib/domain/api-keys";
import { bearerToken, type AuthOutcome, type AuthRefusal, type AuthStrategy } from "@/lib/http/auth-strategy";
import { log } from "@/lib/log";

/**
 * For the integration API (/api/v1): a key of the portal sent as `Authorization: Bearer <key>`, with the
 * route's `scope`. The key is looked up in the database on every call (by its SHA-256; no cache, so a
 * revocation holds at once on every instance). Refusals follow RFC 6750 §3: 401 with a `Bearer` challenge
 * (`error="invalid_token"` when a key was sent) for a missing, unknown, revoked or expired key; 403 with
 * `error="insufficient_scope"` for a key without the scope. Each says what to do next. The key is never
 * logged: its prefix is, when the token has a key's shape.
 */

export type ApiKeyCaller = { keyId: string; prefix: string; name: string; scopes: readonly ApiScope[] };

/** The security scheme's name in the OpenAPI document. */
export const API_KEY_SCHEME = "apiKey";

const REALM = 'realm="api"';
const WHERE_KEYS_ARE_MADE = "An owner of the portal creates keys on Admin → API keys.";

function unauthenticated(detail: string, reason: string, sent: boolean): AuthOutcome<never> {
  const refusal: AuthRefusal = {
    type: "unauthenticated",
    detail,
    reason,
    challenge: sent ? `Bearer ${REALM}, error="invalid_token"` : `Bearer ${REALM}`,
  };
  return { ok: false, refusal };
}

export function apiKeyAccess(scope: ApiScope): AuthStrategy<ApiKeyCaller> {
  return {
    security: { kind: "scheme", scheme: API_KEY_SCHEME, scopes: [scope] },
    async authenticate(request) {
      const bearer = bearerToken(request);
      if (!bearer.ok)
        return bearer.reason === "missing"
          ? unauthenticated(
              `Send an API key of this portal as Authorization: Bearer <key>. ${WHERE_KEYS_ARE_MADE}`,
              "no key",
              false,
            )
          : unauthenticated(
              "Send the key as Authorization: Bearer <key> (the word Bearer, a space, and the whole key).",
              `authorization header ${bearer.reason}`,
              true,
            );
      const prefix = apiKeyPrefix(bearer.token);
      if (!looksLikeApiKey(bearer.token))
        return unauthenticated(
          `This is not an API key of this portal (they start with mkp_). ${WHERE_KEYS_ARE_MADE}`,
          "not a key's shape",
          true,
        );
      const key = await findApiKeyByHash(hashApiKey(bearer.token));
      if (!key)
        return unauthenticated(
          `This key is not known here: check that the whole key was sent, or use a new one. ${WHERE_KEYS_ARE_MADE}`,
          `unknown key ${prefix}`,
          true,
        );
      const now = new Date();
      const method = request.method;
      const path = new URL(request.url).pathname;
      if (key.revokedAt)
        return refuseKnown(
          key,
          unauthenticated(
            `This key (${key.prefix}) was revoked. Use another key. ${WHERE_KEYS_ARE_MADE}`,
            `revoked key ${key.prefix}`,
            true,
          ),
          { reason: "revoked", method, path },
        );
      if (key.expiresAt && key.expiresAt <= now)
        return refuseKnown(
          key,
          unauthenticated(
            `This key (${key.prefix}) expired at ${key.expiresAt.toISOString()}. Use a new key. ${WHERE_KEYS_ARE_MADE}`,
            `expired key ${key.prefix}`,
            true,
          ),
          { reason: "expired", method, path },
        );
      if (!key.scopes.includes(scope))
        return refuseKnown(
          key,
          {
            ok: false,
            refusal: {
              type: "insufficient-scope",
              detail: `This key (${key.prefix}) does not have the scope ${scope} this endpoint needs. A key's scopes cannot be changed: create one with ${scope}. ${WHERE_KEYS_ARE_MADE}`,
              challenge: `Bearer ${REALM}, error="insufficient_scope", scope="${scope}"`,
              reason: `key ${key.prefix} without ${scope}`,
            },
          },
          { reason: `without ${scope}`, method, path },
        );
      await touchApiKey(key, now);
      log.info({ apiKey: key.prefix, apiKeyId: key.id, method, path }, "api key used");
      return {
        ok: true,
        caller: { keyId: key.id, prefix: key.prefix, name: key.name, scopes: key.scopes },
      };
    },
  };
}

/** The refusal, after auditing it (throttled per key); an audit that fails is logged, the refusal stands. */
async function refuseKnown(
  key: ApiKeyLookup,
  outcome: AuthOutcome<never>,
  use: { reason: string; method: string; path: string },
): Promise<AuthOutcome<never>> {
  try {
    await recordRefusedApiKeyUse(key, use);
  } catch (err) {
    log.error({ err, apiKey: key.prefix }, "could not audit a refused API key use");
  }
  return outcome;
}
