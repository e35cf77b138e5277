import "server-only";
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { getEnv } from "../env";
import { MARKETPLACE_RESOURCE_ID } from "../env/defaults";

/**
 * Validation of the Entra ID bearer token Microsoft puts on every webhook call (reference §6.3). The
 * token's audience is the publisher's own fulfillment app, so Microsoft issues it in the format that app
 * registration asks for: v1 (`appid`, issuer sts.windows.net) or v2 (`azp`, issuer …/v2.0). Both are
 * accepted, and nothing else: RS256 only, keys from the publisher tenant's JWKS, `aud` = the fulfillment
 * app, `tid` = the publisher tenant, `azp`/`appid` = the Marketplace SaaS API app, `exp`/`nbf` with a
 * small skew. The caller learns only a short reason (for the log), never what a forger could use.
 */

export type WebhookTokenFailure =
  | "no bearer token"
  | "malformed token"
  | "algorithm not allowed"
  | "unknown signing key"
  | "bad signature"
  | "expired"
  | "not yet valid"
  | "wrong audience"
  | "wrong issuer"
  | "wrong tenant"
  | "wrong calling application"
  | "missing claim"
  | "signing keys unavailable";

export type WebhookTokenResult =
  | {
      ok: true;
      claims: { tid: string; callerAppId: string; version: string | undefined };
      /** `exp`, in seconds */ expiresAt?: number;
    }
  /** `retryable`: the token could not be checked (Entra unreachable), which is not the caller's fault. */
  | { ok: false; reason: WebhookTokenFailure; retryable: boolean };

export type WebhookTokenValidator = (authorization: string | null | undefined) => Promise<WebhookTokenResult>;

export type WebhookTokenSettings = {
  /** https://login.microsoftonline.com, or the simulator. */
  authorityHost: string;
  /** The publisher tenant (a GUID, as in Partner Center's Technical configuration). */
  tenantId: string;
  /** The fulfillment app's client id: the audience of webhook tokens. */
  clientId: string;
  /** Accepted clock difference for exp/nbf. */
  clockToleranceSeconds?: number;
  /** Keys to verify with; by default the tenant's JWKS, cached and refetched for an unknown key id. */
  keys?: JWTVerifyGetKey;
  /** Shortest interval between two fetches of the JWKS (tests shorten it). */
  jwksCooldownMs?: number;
};

const CLOCK_TOLERANCE_SECONDS = 60;
/** Entra publishes new keys well before it signs with them; an unknown kid triggers a refetch anyway. */
const JWKS_CACHE_MAX_AGE_MS = 3_600_000;
/** At most one refetch per this interval, so that tokens with made-up key ids cannot flood Entra. */
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_TIMEOUT_MS = 5_000;
/**
 * A token that passed every check is remembered (the exact string, signature included) for this long at
 * most, and never past its expiry: Microsoft reuses one token for many deliveries, and checking its
 * RS256 signature again each time was a tenth of a delivery's CPU (bench/webhook.ts). Shorter than the
 * key cache (JWKS_CACHE_MAX_AGE_MS), so a withdrawn key is not trusted longer than it already is.
 */
const VERIFIED_TTL_MS = 5 * 60_000;
const VERIFIED_MAX_ENTRIES = 1_000;
/** Real tokens are about 1.5 KB; anything far larger is not worth parsing. */
const MAX_TOKEN_LENGTH = 16_384;

/** The tenant's signing keys: `{authorityHost}/{tenant}/discovery/v2.0/keys`. */
export function webhookJwksUrl(authorityHost: string, tenantId: string): string {
  return `${authorityHost.replace(/\/+$/, "")}/${tenantId}/discovery/v2.0/keys`;
}

/**
 * The two issuers Entra uses for the tenant. The v1 issuer lives on sts.windows.net for Microsoft's public
 * cloud; for any other authority (the simulator, a sovereign cloud's own host) it is `{host}/{tenant}/`.
 */
export function webhookIssuers(authorityHost: string, tenantId: string): string[] {
  const host = authorityHost.replace(/\/+$/, "");
  const v1Host =
    new URL(host).hostname.toLowerCase() === "login.microsoftonline.com" ? "https://sts.windows.net" : host;
  // Entra writes tenant GUIDs in lower case; accept the configured spelling too.
  const tenants = [...new Set([tenantId.toLowerCase(), tenantId])];
  return tenants.flatMap((t) => [`${host}/${t}/v2.0`, `${v1Host}/${t}/`]);
}

class KeysUnavailableError extends Error {}

function remoteKeys(authorityHost: string, tenantId: string, cooldownMs: number): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(webhookJwksUrl(authorityHost, tenantId)), {
    cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
    cooldownDuration: cooldownMs,
    timeoutDuration: JWKS_TIMEOUT_MS,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      // An unknown or ambiguous key id is the token's problem; anything else (network, HTTP status, a
      // malformed key set) means the keys could not be obtained, so the token cannot be judged.
      if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) throw e;
      throw new KeysUnavailableError("JWKS unavailable", { cause: e });
    }
  };
}

function reasonFor(error: unknown): WebhookTokenFailure {
  if (error instanceof KeysUnavailableError) return "signing keys unavailable";
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "wrong audience";
    if (error.claim === "iss") return "wrong issuer";
    if (error.claim === "nbf") return "not yet valid";
    return "missing claim";
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return "algorithm not allowed";
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return "unknown signing key";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad signature";
  return "malformed token";
}

const refuse = (reason: WebhookTokenFailure): WebhookTokenResult => ({
  ok: false,
  reason,
  retryable: reason === "signing keys unavailable",
});

export function createWebhookTokenValidator(settings: WebhookTokenSettings): WebhookTokenValidator {
  const keys =
    settings.keys ?? remoteKeys(settings.authorityHost, settings.tenantId, settings.jwksCooldownMs ?? JWKS_COOLDOWN_MS);
  const options = {
    // Pinned: a token naming another algorithm (none, HS256 "signed" with the public key) is refused
    // before any key is looked up.
    algorithms: ["RS256"],
    audience: settings.clientId,
    issuer: webhookIssuers(settings.authorityHost, settings.tenantId),
    clockTolerance: settings.clockToleranceSeconds ?? CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ["exp", "tid"],
  };
  const tenant = settings.tenantId.toLowerCase();
  const verified = new Map<string, { result: WebhookTokenResult; untilMs: number }>();

  return async (authorization) => {
    const token = /^Bearer +([\w-]+\.[\w-]*\.[\w-]*)$/i.exec(authorization?.trim() ?? "")?.[1];
    if (!authorization?.trim()) return refuse("no bearer token");
    if (!token || token.length > MAX_TOKEN_LENGTH) return refuse("malformed token");
    const known = verified.get(token);
    if (known && Date.now() < known.untilMs) return known.result;
    verified.delete(token);
    const result = await check(token);
    if (result.ok && typeof result.expiresAt === "number") {
      if (verified.size >= VERIFIED_MAX_ENTRIES) verified.clear();
      verified.set(token, {
        result,
        untilMs: Math.min(Date.now() + VERIFIED_TTL_MS, (result.expiresAt + options.clockTolerance) * 1000),
      });
    }
    return result;
  };

  async function check(token: string): Promise<WebhookTokenResult> {
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, options));
    } catch (e) {
      return refuse(reasonFor(e));
    }
    if (typeof claims.tid !== "string" || claims.tid.toLowerCase() !== tenant) return refuse("wrong tenant");
    // v2 tokens name the calling app in `azp`, v1 tokens in `appid` (client-dotnet#70): check whichever is there.
    const caller =
      typeof claims.azp === "string" ? claims.azp : typeof claims.appid === "string" ? claims.appid : undefined;
    if (caller?.toLowerCase() !== MARKETPLACE_RESOURCE_ID) return refuse("wrong calling application");
    return {
      ok: true,
      claims: {
        tid: claims.tid,
        callerAppId: caller,
        version: typeof claims.ver === "string" ? claims.ver : undefined,
      },
      expiresAt: claims.exp,
    };
  }
}

let instance: WebhookTokenValidator | undefined;

/** The portal's validator (one per process, so the key cache is shared by every request). */
export function getWebhookTokenValidator(): WebhookTokenValidator {
  if (!instance) {
    const env = getEnv();
    instance = createWebhookTokenValidator({
      authorityHost: env.entra.authorityHost,
      tenantId: env.marketplace.tenantId,
      clientId: env.marketplace.clientId,
    });
  }
  return instance;
}
