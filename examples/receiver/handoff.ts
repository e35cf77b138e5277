/**
 * The signed hand-off, as the ISV's app verifies it: "Open the app" on the portal links here with `?token=…`,
 * a JWT (ES256) the portal signed with a key it publishes at `/.well-known/jwks.json`. Trust nothing in it
 * until `jwtVerify` has checked the signature, the issuer (the portal), the audience (this app's origin), the
 * type and the expiry. Then use it once: a token seen before is refused (it may have leaked from a browser's
 * history or a log).
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";

/** What the portal says about the subscription the buyer just set up. */
export type HandoffSubscription = {
  subscriptionId: string;
  /** The beneficiary's Entra tenant and object id: whom to provision. */
  tenantId: string | null;
  objectId: string | null;
  offerId: string;
  planId: string;
  /** Seats of a per-seat plan; null for a flat-rate plan. */
  seats: number | null;
  /** What the buyer entered on the portal's landing page (company, contact e-mail, …). */
  buyer: Record<string, string>;
};

export type HandoffResult =
  { ok: true; subscription: HandoffSubscription } | { ok: false; reason: "expired" | "used" | "invalid"; code: string };

export type HandoffVerifierOptions = {
  /** The portal's URL (its PORTAL_URL): the token's issuer, and where its keys are published. */
  portalUrl: string;
  /** This app's origin: the token's audience. */
  audience: string;
  /** The portal's keys; by default fetched from `${portalUrl}/.well-known/jwks.json` (cached, refetched for a new kid). */
  keys?: JWTVerifyGetKey;
};

const text = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function createHandoffVerifier(options: HandoffVerifierOptions): (token: string) => Promise<HandoffResult> {
  const keys = options.keys ?? createRemoteJWKSet(new URL("/.well-known/jwks.json", options.portalUrl));
  // Tokens already used, until they expire. One process here; several instances would share this (e.g. Redis SET NX).
  const used = new Map<string, number>();

  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: options.portalUrl,
        audience: options.audience,
        algorithms: ["ES256"],
        typ: "handoff+jwt",
        requiredClaims: ["sub", "exp", "iat", "jti", "plan", "offer"],
      }));
    } catch (e) {
      const code = e instanceof errors.JOSEError ? e.code : "ERR_UNEXPECTED";
      return { ok: false, reason: e instanceof errors.JWTExpired ? "expired" : "invalid", code };
    }
    const now = Date.now() / 1000;
    for (const [jti, exp] of used) if (exp < now) used.delete(jti);
    if (used.has(payload.jti!)) return { ok: false, reason: "used", code: "ERR_TOKEN_REUSED" };
    used.set(payload.jti!, payload.exp!);

    const buyer = payload.buyer && typeof payload.buyer === "object" ? (payload.buyer as Record<string, unknown>) : {};
    return {
      ok: true,
      subscription: {
        subscriptionId: payload.sub!,
        tenantId: text(payload.tid),
        objectId: text(payload.oid),
        offerId: String(payload.offer),
        planId: String(payload.plan),
        seats: typeof payload.seats === "number" ? payload.seats : null,
        buyer: Object.fromEntries(Object.entries(buyer).filter((e): e is [string, string] => typeof e[1] === "string")),
      },
    };
  };
}
