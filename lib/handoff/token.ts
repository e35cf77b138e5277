import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { KeyRing } from "./keys";

/**
 * The hand-off token: what "Open the app" tells the ISV's app about the subscription the buyer just set up,
 * signed so that the app can trust it without calling the portal (README → Signed hand-off).
 */

/** The JWT `typ` header: explicit typing (RFC 8725 §3.11), so that no other token of the portal's passes for one. */
export const HANDOFF_TOKEN_TYPE = "handoff+jwt";

/** What the token says about the subscription and the person (claims beside the registered ones). */
export type HandoffClaims = {
  /**
   * The person who clicked "Open the app": their Entra tenant id (`tid`) and object id (`oid`), as in Entra's
   * own tokens, so the app can sign them in or link their account. Usually of the beneficiary's tenant, not
   * always the beneficiary themselves (a colleague, or an admin who bought for others).
   */
  tid: string;
  oid: string;
  /** Whom the subscription is for (Microsoft's beneficiary): the tenant (and person) the app provisions. */
  beneficiary: { tid: string | null; oid: string | null };
  offer: string;
  plan: string;
  /** Seats for a per-seat plan; null for a flat-rate plan. */
  seats: number | null;
  /** What the buyer entered on the landing page (LANDING_FIELDS, and contactEmail when asked). */
  buyer: Record<string, string>;
};

/** The signed-in person who opens the app (the token is minted at their click). */
export type HandoffClicker = { tid: string; oid: string };

/** The subscription's facts the token carries (a stored subscription row has them all). */
export type HandoffSubscription = {
  id: string;
  offerId: string;
  planId: string;
  quantity: number | null;
  beneficiaryTenantId: string | null;
  beneficiaryObjectId: string | null;
  buyerDetails: unknown;
};

/** Only string fields of the stored landing form (it is JSON in the database). */
function buyerFields(details: unknown): Record<string, string> {
  if (!details || typeof details !== "object" || Array.isArray(details)) return {};
  return Object.fromEntries(Object.entries(details).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export function handoffClaimsOf(s: HandoffSubscription, clicker: HandoffClicker): HandoffClaims {
  return {
    tid: clicker.tid,
    oid: clicker.oid,
    beneficiary: { tid: s.beneficiaryTenantId, oid: s.beneficiaryObjectId },
    offer: s.offerId,
    plan: s.planId,
    seats: s.quantity,
    buyer: buyerFields(s.buyerDetails),
  };
}

export type MintOptions = {
  /** `iss`: the portal's URL (PORTAL_URL). */
  issuer: string;
  /** `aud`: the app's origin. */
  audience: string;
  ttlSeconds: number;
  now?: Date;
};

/** Signs a hand-off token for subscription `subscriptionId` with the ring's active key (ES256, header `kid`). */
export function mintHandoffToken(
  ring: KeyRing,
  subscriptionId: string,
  claims: HandoffClaims,
  options: MintOptions,
): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "ES256", kid: ring.active.kid, typ: HANDOFF_TOKEN_TYPE })
    .setSubject(subscriptionId)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + options.ttlSeconds)
    .setJti(randomUUID())
    .sign(ring.active.privateKey);
}
