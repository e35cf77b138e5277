import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { isGuid } from "@/lib/domain/ids";
import { MSA_TENANT_ID } from "@/lib/env/defaults";
import { languageTagOrNull } from "@/lib/i18n/locales";

/**
 * Validates an Entra ID token for the landing-page sign-in. We validate it ourselves instead of letting
 * openid-client do it because Entra's multi-tenant discovery document names its issuer
 * `https://login.microsoftonline.com/{tenantid}/v2.0`: openid-client substitutes the token's tid only for
 * Microsoft's own discovery URLs, so it would wrongly refuse the same document served by any other host
 * (the simulator, a sovereign cloud). Here one rule serves every host: the issuer must be the discovery
 * issuer with `{tenantid}` replaced by the token's own `tid`, and the tenant must be one the sign-in allows.
 */

export type EntraIdClaims = {
  sub: string;
  oid: string;
  tid: string;
  name: string | null;
  /** The `email` claim; optional in Entra (absent for many work accounts). */
  email: string | null;
  preferredUsername: string | null;
  /** App roles assigned to the user for the sign-in app, in the user's own tenant. */
  roles: string[];
  /** Optional claims `xms_pl` / `xms_tpl` (user's and tenant's preferred language), when the app asks for them. */
  preferredLanguage: string | null;
  tenantLanguage: string | null;
};

export class IdTokenError extends Error {
  constructor(readonly reason: string) {
    super(`ID token refused: ${reason}`);
    this.name = "IdTokenError";
  }
}

const jwksByUri = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function jwksFor(uri: string) {
  let jwks = jwksByUri.get(uri);
  if (!jwks) {
    // jose caches the keys and refetches (rate-limited) when a token names an unknown kid: key rollover.
    jwks = createRemoteJWKSet(new URL(uri), { cooldownDuration: 30_000, cacheMaxAge: 24 * 3600_000 });
    jwksByUri.set(uri, jwks);
  }
  return jwks;
}

/** Which tenants the sign-in accepts: Entra's `common`, `organizations`, `consumers`, or one tenant id. */
export function tenantAllowed(signinTenant: string, tid: string): boolean {
  const t = signinTenant.toLowerCase();
  if (t === "common") return true;
  if (t === "organizations") return tid.toLowerCase() !== MSA_TENANT_ID;
  if (t === "consumers") return tid.toLowerCase() === MSA_TENANT_ID;
  return t === tid.toLowerCase();
}

export type IdTokenExpectations = {
  /** `issuer` of the discovery document, possibly with `{tenantid}`. */
  issuer: string;
  jwksUri: string;
  clientId: string;
  signinTenant: string;
  /** The nonce sent with the authorization request; required. */
  nonce: string | undefined;
  clockToleranceSeconds?: number;
};

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

export async function validateIdToken(idToken: string, expect: IdTokenExpectations): Promise<EntraIdClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, jwksFor(expect.jwksUri), {
      algorithms: ["RS256"],
      audience: expect.clientId,
      clockTolerance: expect.clockToleranceSeconds ?? 60,
      requiredClaims: ["iss", "sub", "exp", "iat"],
    }));
  } catch (e) {
    if (e instanceof joseErrors.JOSEError) throw new IdTokenError(e.code);
    throw e;
  }
  const tid = str(payload.tid);
  if (!tid || !isGuid(tid)) throw new IdTokenError("missing or malformed tid");
  const expectedIssuer = expect.issuer.replace("{tenantid}", tid);
  if (payload.iss !== expectedIssuer) throw new IdTokenError("issuer does not match the token's tenant");
  if (!tenantAllowed(expect.signinTenant, tid)) throw new IdTokenError("tenant not allowed by this sign-in");
  if (!expect.nonce || payload.nonce !== expect.nonce) throw new IdTokenError("nonce mismatch");
  const claims = toEntraClaims(payload);
  if (!claims) throw new IdTokenError("missing oid");
  return claims;
}

/** The claims the portal uses, from a payload that has already been validated. */
export function toEntraClaims(payload: Record<string, unknown>): EntraIdClaims | undefined {
  const oid = str(payload.oid) ?? str(payload.sub);
  const tid = str(payload.tid);
  if (!oid || !tid) return undefined;
  return {
    sub: String(payload.sub),
    oid,
    tid,
    name: str(payload.name),
    email: str(payload.email),
    preferredUsername: str(payload.preferred_username),
    roles: Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === "string") : [],
    preferredLanguage: languageTagOrNull(payload.xms_pl),
    tenantLanguage: languageTagOrNull(payload.xms_tpl),
  };
}
