import { generateKeyPairSync } from "node:crypto";
import { createLocalJWKSet } from "jose";
import { describe, expect, it } from "vitest";
import { jwksOf, keyRingOf, type KeyRing } from "../../lib/handoff/keys";
import { handoffClaimsOf, mintHandoffToken } from "../../lib/handoff/token";
import { createHandoffVerifier } from "./handoff";

// The receiver's check against tokens the portal's own code mints.
const PORTAL = "http://localhost:3210";
const APP = "http://localhost:4220";
const subscription = {
  id: "6f2a8c3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b",
  offerId: "fabrikam-cloud",
  planId: "basic",
  quantity: null,
  beneficiaryTenantId: "c0ffee00-0000-4000-8000-00000000c001",
  beneficiaryObjectId: "c0ffee00-0000-4000-8000-0000000a11ce",
  buyerDetails: { companyName: "Contoso Ltd" },
};
// The beneficiary clicked "Open the app" (tid/oid are the clicker's; the beneficiary is its own claim).
const clicker = { tid: subscription.beneficiaryTenantId, oid: subscription.beneficiaryObjectId };
const ring = () => keyRingOf([generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey]);
const mint = (r: KeyRing, o: { audience?: string; issuer?: string; now?: Date } = {}) =>
  mintHandoffToken(r, subscription.id, handoffClaimsOf(subscription, clicker), {
    issuer: o.issuer ?? PORTAL,
    audience: o.audience ?? APP,
    ttlSeconds: 300,
    now: o.now,
  });
const verifierFor = (r: KeyRing) =>
  createHandoffVerifier({ portalUrl: PORTAL, audience: APP, keys: createLocalJWKSet(jwksOf(r)) });

describe("the reference receiver's hand-off check", () => {
  it("accepts the portal's token once and reads the subscription from it", async () => {
    const r = await ring();
    const verify = verifierFor(r);
    const token = await mint(r);
    expect(await verify(token)).toEqual({
      ok: true,
      subscription: {
        subscriptionId: subscription.id,
        tenantId: subscription.beneficiaryTenantId,
        objectId: subscription.beneficiaryObjectId,
        offerId: "fabrikam-cloud",
        planId: "basic",
        seats: null,
        buyer: { companyName: "Contoso Ltd" },
      },
    });
    expect(await verify(token)).toEqual({ ok: false, reason: "used", code: "ERR_TOKEN_REUSED" });
  });

  it("says expired for an expired token, and invalid for another app's, another issuer's or a tampered one", async () => {
    const r = await ring();
    const verify = verifierFor(r);
    expect(await verify(await mint(r, { now: new Date(Date.now() - 600_000) }))).toMatchObject({ reason: "expired" });
    expect(await verify(await mint(r, { audience: "http://localhost:9999" }))).toMatchObject({
      reason: "invalid",
      code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
    });
    expect(await verify(await mint(r, { issuer: "https://evil.example" }))).toMatchObject({ reason: "invalid" });
    const [header, , signature] = (await mint(r)).split(".");
    const payload = Buffer.from(JSON.stringify({ sub: subscription.id, plan: "enterprise" })).toString("base64url");
    expect(await verify(`${header}.${payload}.${signature}`)).toMatchObject({ reason: "invalid" });
    expect(await verify(await mint(await ring()))).toMatchObject({
      reason: "invalid",
      code: "ERR_JWKS_NO_MATCHING_KEY",
    });
    expect(await verify("not-a-jwt")).toMatchObject({ reason: "invalid" });
  });
});
