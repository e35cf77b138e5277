import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { jwksOf, keyRingOf, type KeyRing } from "./keys";
import { HANDOFF_TOKEN_TYPE, handoffClaimsOf, mintHandoffToken } from "./token";

const ISSUER = "https://portal.fabrikam.example";
const AUDIENCE = "https://app.fabrikam.example";
const SUBSCRIPTION = {
  id: "6f2a8c3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b",
  offerId: "fabrikam-cloud",
  planId: "pro-seats",
  quantity: 12,
  beneficiaryTenantId: "c0ffee00-0000-4000-8000-00000000c001",
  beneficiaryObjectId: "c0ffee00-0000-4000-8000-0000000a11ce",
  buyerDetails: { companyName: "Contoso Ltd", contactEmail: "alice@contoso.example", junk: 3 },
};

const CLICKER = { tid: "c0ffee00-0000-4000-8000-00000000c001", oid: "b0000000-0000-4000-8000-00000000b002" };

const newKey = (): KeyObject => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
const mint = (ring: KeyRing, options: { now?: Date; audience?: string } = {}) =>
  mintHandoffToken(ring, SUBSCRIPTION.id, handoffClaimsOf(SUBSCRIPTION, CLICKER), {
    issuer: ISSUER,
    audience: options.audience ?? AUDIENCE,
    ttlSeconds: 300,
    now: options.now,
  });
/** What the README tells the ISV to run (with the portal's JWKS fetched instead of given). */
const verify = (token: string, ring: KeyRing) =>
  jwtVerify(token, createLocalJWKSet(jwksOf(ring)), {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ["ES256"],
    typ: HANDOFF_TOKEN_TYPE,
  });

describe("the hand-off token", () => {
  it("carries the subscription, who clicked, the beneficiary, plan, seats, offer and the landing form, for five minutes", async () => {
    const ring = await keyRingOf([newKey()]);
    const token = await mint(ring);
    const { payload, protectedHeader } = await verify(token, ring);
    expect(protectedHeader).toEqual({ alg: "ES256", kid: ring.active.kid, typ: HANDOFF_TOKEN_TYPE });
    expect(payload).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: SUBSCRIPTION.id,
      tid: CLICKER.tid,
      oid: CLICKER.oid,
      beneficiary: { tid: SUBSCRIPTION.beneficiaryTenantId, oid: SUBSCRIPTION.beneficiaryObjectId },
      offer: "fabrikam-cloud",
      plan: "pro-seats",
      seats: 12,
      // Only the form's text fields: the stored JSON is not trusted to be well-formed.
      buyer: { companyName: "Contoso Ltd", contactEmail: "alice@contoso.example" },
    });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((await verify(await mint(ring), ring)).payload.jti).not.toBe(payload.jti);
  });

  it("is refused once expired", async () => {
    const ring = await keyRingOf([newKey()]);
    const token = await mint(ring, { now: new Date(Date.now() - 301_000) });
    await expect(verify(token, ring)).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it("is refused by an app it was not made for (audience)", async () => {
    const ring = await keyRingOf([newKey()]);
    const token = await mint(ring, { audience: "https://other-app.example" });
    await expect(verify(token, ring)).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
  });

  it("is refused when signed by another key under the portal's kid", async () => {
    const ring = await keyRingOf([newKey()]);
    const forged = await new SignJWT({ plan: "enterprise" })
      .setProtectedHeader({ alg: "ES256", kid: ring.active.kid, typ: HANDOFF_TOKEN_TYPE })
      .setSubject(SUBSCRIPTION.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(newKey());
    await expect(verify(forged, ring)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it("is refused when its kid is not published (a key removed after rotation, or never the portal's)", async () => {
    const stranger = await keyRingOf([newKey()]);
    await expect(verify(await mint(stranger), await keyRingOf([newKey()]))).rejects.toBeInstanceOf(
      errors.JWKSNoMatchingKey,
    );
  });

  it("survives a rotation: the new key signs, a token of the previous one still verifies", async () => {
    const [previous, next] = [newKey(), newKey()];
    const before = await keyRingOf([previous]);
    const oldToken = await mint(before);
    const after = await keyRingOf([next, previous]);
    const newToken = await mint(after);
    expect(decodeProtectedHeader(newToken).kid).toBe(after.active.kid);
    expect(after.active.kid).not.toBe(before.active.kid);
    expect((await verify(oldToken, after)).payload.sub).toBe(SUBSCRIPTION.id);
    expect((await verify(newToken, after)).payload.sub).toBe(SUBSCRIPTION.id);
    // Once the previous key is dropped, its tokens are refused.
    await expect(verify(oldToken, await keyRingOf([next]))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it("is verified with a key set that holds public parts only (no private `d`)", async () => {
    const ring = await keyRingOf([newKey(), newKey()]);
    const jwks = jwksOf(ring);
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
    }
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
    expect(jwksOf(undefined)).toEqual({ keys: [] });
  });

  it("keeps the same kid for the same key (every instance publishes the same set)", async () => {
    const key = newKey();
    expect((await keyRingOf([key])).active.kid).toBe((await keyRingOf([key])).active.kid);
  });
});
