// Minting and checking JWTs shaped like Entra ID's (v1 and v2 access tokens, v2 ID tokens, webhook tokens).
// JWT times use the real clock on purpose: the portal checks exp/nbf against its own clock.
import { createHash } from "node:crypto";
import { SignJWT, createLocalJWKSet, decodeJwt, generateKeyPair, jwtVerify, type JWTPayload } from "jose";
import { MARKETPLACE_RESOURCE_ID } from "../api-types";
import type { SimContext } from "../context";
import { guidFromName, newGuid, randomBase64Url } from "../core/ids";
import type { EntraUser } from "./users";

export const GRAPH_RESOURCE_ID = "00000003-0000-0000-c000-000000000000";

/**
 * The v1 issuer of Marketplace API tokens, literally Entra's: in Microsoft's cloud v1 tokens name
 * sts.windows.net whatever login host issued them, and the tools that check these tokens on Microsoft's
 * side (Microsoft's own API emulator in REQUIRE_AUTH mode) expect exactly this string. Webhook and Graph
 * tokens keep the simulator's host instead (`issuerV1`): the portal derives the v1 issuer it accepts for
 * webhooks from its authority host, as it must for sovereign clouds, and never looks inside API tokens.
 */
export const marketplaceIssuerV1 = (tenantId: string): string => `https://sts.windows.net/${tenantId}/`;

/** `version` is the token's format (v1: `appid`, v2: `azp`), not the endpoint it was requested from. */
export type AppTokenRequest = { tenantId: string; clientId: string; resource: string; version: 1 | 2 };
export type IssuedToken = { token: string; issuedAt: number; expiresAt: number; expiresIn: number };
export type Verification = { ok: true; claims: JWTPayload } | { ok: false; status: 401 | 403; reason: string };

export type TokenService = {
  issuerV1(tenantId: string): string;
  issuerV2(tenantId: string): string;
  /** Signs arbitrary claims with the current key (or a key the JWKS doesn't publish). */
  sign(claims: JWTPayload, options?: { untrusted?: boolean; header?: Record<string, string> }): Promise<string>;
  appToken(request: AppTokenRequest): Promise<IssuedToken>;
  idToken(user: EntraUser, clientId: string, nonce: string | undefined): Promise<string>;
  graphToken(user: EntraUser, clientId: string, scope: string): Promise<IssuedToken>;
  webhookToken(): Promise<string>;
  /** Marketplace API bearer check: 401 = no usable token, 403 = token rejected (Microsoft's split). */
  verifyMarketplaceToken(authorization: string | undefined): Promise<Verification>;
  /** Verifies a token signed by this simulator (any audience); used by the userinfo endpoint. */
  verifyOwnToken(token: string): Promise<JWTPayload | undefined>;
  /** Tokens issued so far count as expired from now on (fault injection). */
  expireIssuedAccessTokens(): void;
};

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Entra's `sub` is pairwise: stable per user and application, different across applications. */
export function pairwiseSub(oid: string, clientId: string): string {
  return createHash("sha256").update(`${oid}:${clientId}`).digest("base64url").slice(0, 43);
}

/** Object id of an application's service principal in a tenant (stable, as on Entra). */
export function servicePrincipalOid(tenantId: string, appId: string): string {
  return guidFromName("service-principal", `${tenantId}:${appId}`);
}

const VERIFIED_CACHE_SIZE = 10_000;

/** Entra's two access-token formats, told apart by `ver`; undefined when the token's app claim is missing. */
function tokenShape(claims: JWTPayload): { version: 1 | 2; appId: string } | undefined {
  if (claims.ver === "1.0" && typeof claims.appid === "string") return { version: 1, appId: claims.appid };
  if (claims.ver === "2.0" && typeof claims.azp === "string") return { version: 2, appId: claims.azp };
  return undefined;
}

export function createTokenService(ctx: Pick<SimContext, "urls" | "keys" | "settings" | "seed">): TokenService {
  const issuedAccess = new Map<string, { issuedMs: number; expMs: number }>();
  const verified = new Map<string, { claims: JWTPayload; kid: string; exp: number }>();
  let accessCutoffMs: number | undefined;
  let untrustedKey: Promise<CryptoKey> | undefined;

  const issuerV1 = (tid: string): string => `${ctx.urls.https}/${tid}/`;
  const issuerV2 = (tid: string): string => `${ctx.urls.https}/${tid}/v2.0`;

  const sign: TokenService["sign"] = async (claims, options = {}) => {
    const key = await ctx.keys.current();
    let signingKey: CryptoKey = key.privateKey;
    if (options.untrusted) {
      untrustedKey ??= generateKeyPair("RS256").then((pair) => pair.privateKey);
      signingKey = await untrustedKey;
    }
    // Entra v1/v2 headers carry both kid and x5t (same value).
    return new SignJWT(claims)
      .setProtectedHeader({ typ: "JWT", alg: "RS256", x5t: key.kid, kid: key.kid, ...options.header })
      .sign(signingKey);
  };

  const remember = (uti: string, issuedMs: number, expMs: number): void => {
    issuedAccess.set(uti, { issuedMs, expMs });
    if (issuedAccess.size > 5_000) {
      for (const [id, entry] of issuedAccess) if (entry.expMs < Date.now()) issuedAccess.delete(id);
    }
  };

  const timing = (): { iat: number; nbf: number; exp: number; expiresIn: number } => {
    const iat = nowSeconds();
    const expiresIn = ctx.settings.tokenLifetimeSeconds;
    // Entra back-dates nbf/iat by five minutes to absorb clock skew.
    return { iat: iat - 300, nbf: iat - 300, exp: iat + expiresIn, expiresIn };
  };

  const common = (tid: string): JWTPayload => ({
    aio: randomBase64Url(48),
    rh: `0.${randomBase64Url(40)}.`,
    tid,
    uti: randomBase64Url(16),
  });

  return {
    issuerV1,
    issuerV2,
    sign,
    async appToken({ tenantId, clientId, resource, version }) {
      const t = timing();
      const oid = servicePrincipalOid(tenantId, clientId);
      const base = {
        ...common(tenantId),
        aud: resource,
        iat: t.iat,
        nbf: t.nbf,
        exp: t.exp,
        idtyp: "app",
        oid,
        sub: oid,
      };
      // aud is the resource as requested: v2 tokens always carry the API's client id, and v1 tokens the
      // identifier the client named, here the GUID (the only name the token endpoint accepts for it).
      const claims: JWTPayload =
        version === 2
          ? { ...base, iss: issuerV2(tenantId), azp: clientId, azpacr: "1", ver: "2.0" }
          : {
              ...base,
              iss: marketplaceIssuerV1(tenantId),
              appid: clientId,
              appidacr: "1",
              idp: marketplaceIssuerV1(tenantId),
              ver: "1.0",
            };
      remember(String(claims.uti), Date.now(), t.exp * 1000);
      return { token: await sign(claims), issuedAt: t.iat, expiresAt: t.exp, expiresIn: t.expiresIn };
    },
    async idToken(user, clientId, nonce) {
      const t = timing();
      const claims: JWTPayload = {
        ...common(user.tenantId),
        aud: clientId,
        iss: issuerV2(user.tenantId),
        iat: t.iat,
        nbf: t.nbf,
        exp: t.exp,
        ...(user.email ? { email: user.email } : {}),
        name: user.name,
        ...(nonce ? { nonce } : {}),
        oid: user.oid,
        preferred_username: user.preferredUsername,
        ...(user.roles.length > 0 ? { roles: user.roles } : {}),
        ...(user.preferredLanguage ? { xms_pl: user.preferredLanguage } : {}),
        sid: newGuid(),
        sub: pairwiseSub(user.oid, clientId),
        ver: "2.0",
      };
      return sign(claims);
    },
    async graphToken(user, clientId, scope) {
      // Graph access tokens are v1-format and meant for Graph only; clients must not validate them.
      const t = timing();
      const claims: JWTPayload = {
        ...common(user.tenantId),
        aud: GRAPH_RESOURCE_ID,
        iss: issuerV1(user.tenantId),
        iat: t.iat,
        nbf: t.nbf,
        exp: t.exp,
        appid: clientId,
        appidacr: "1",
        idtyp: "user",
        name: user.name,
        oid: user.oid,
        scp: scope,
        sub: pairwiseSub(user.oid, GRAPH_RESOURCE_ID),
        unique_name: user.preferredUsername,
        upn: user.preferredUsername,
        ver: "1.0",
      };
      return { token: await sign(claims), issuedAt: t.iat, expiresAt: t.exp, expiresIn: t.expiresIn };
    },
    async webhookToken() {
      const t = timing();
      const { tenantId } = ctx.seed.publisher;
      const oid = servicePrincipalOid(tenantId, MARKETPLACE_RESOURCE_ID);
      const base = {
        ...common(tenantId),
        aud: ctx.seed.fulfillmentApp.clientId,
        iat: t.iat,
        nbf: t.nbf,
        exp: t.exp,
        idtyp: "app",
        oid,
        sub: oid,
      };
      const claims: JWTPayload =
        ctx.settings.webhookTokenVersion === 2
          ? { ...base, iss: issuerV2(tenantId), azp: MARKETPLACE_RESOURCE_ID, azpacr: "2", ver: "2.0" }
          : {
              ...base,
              iss: issuerV1(tenantId),
              appid: MARKETPLACE_RESOURCE_ID,
              appidacr: "2",
              idp: issuerV1(tenantId),
              ver: "1.0",
            };
      return sign(claims);
    },
    // A token whose signature was checked is not checked again until it expires or its key is withdrawn
    // (Microsoft's side of the webhook benchmark runs on the same machine: its CPU must not be the limit).
    async verifyMarketplaceToken(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
      const token = match?.[1];
      if (!token) return { ok: false, status: 401, reason: "missing bearer token" };
      let unverified: JWTPayload;
      try {
        unverified = decodeJwt(token);
      } catch {
        return { ok: false, status: 401, reason: "malformed token" };
      }
      // Microsoft identifies the publisher by (tid, appid|azp); tokens without them are not credentials at all.
      // Which claim names the app, and which issuer signed, follows the token's own format: a v1 token's app
      // is its appid, a v2 token's its azp, never the other one (so a mixed token cannot borrow an app id).
      const tid = unverified.tid;
      const shape = tokenShape(unverified);
      if (typeof tid !== "string" || !shape) return { ok: false, status: 401, reason: "token has no tid/appid" };
      const appId = shape.appId;
      let claims: JWTPayload;
      const published = ctx.keys.publishedKeys();
      const known = verified.get(token);
      if (known && known.exp > Date.now() / 1000 - 5 && published.some((k) => k.kid === known.kid)) {
        claims = known.claims;
      } else {
        try {
          const jwks = createLocalJWKSet({ keys: published });
          const issuer = shape.version === 1 ? marketplaceIssuerV1(tid) : issuerV2(tid);
          const result = await jwtVerify(token, jwks, {
            algorithms: ["RS256"],
            audience: MARKETPLACE_RESOURCE_ID,
            issuer,
            clockTolerance: 5,
          });
          claims = result.payload;
          if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
          verified.set(token, { claims, kid: String(result.protectedHeader.kid), exp: claims.exp ?? 0 });
        } catch (error) {
          return { ok: false, status: 403, reason: `token rejected: ${(error as Error).message}` };
        }
      }
      if (tid !== ctx.seed.publisher.tenantId) return { ok: false, status: 403, reason: "token from another tenant" };
      if (appId !== ctx.seed.fulfillmentApp.clientId)
        return { ok: false, status: 403, reason: "token for another application" };
      const issued = issuedAccess.get(String(claims.uti))?.issuedMs ?? (claims.iat ?? 0) * 1000;
      if (accessCutoffMs !== undefined && issued <= accessCutoffMs)
        return { ok: false, status: 403, reason: "token expired early (fault)" };
      return { ok: true, claims };
    },
    async verifyOwnToken(token) {
      try {
        const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: ctx.keys.publishedKeys() }), {
          algorithms: ["RS256"],
        });
        return payload;
      } catch {
        return undefined;
      }
    },
    expireIssuedAccessTokens() {
      accessCutoffMs = Date.now();
    },
  };
}
