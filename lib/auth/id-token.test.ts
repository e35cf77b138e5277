import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdTokenError, tenantAllowed, validateIdToken } from "./id-token";

// A real JWKS endpoint on loopback (the keys Entra would publish), and tokens signed like Entra's.
const CLIENT_ID = "c0ffee00-0000-4000-8000-0000000000a2";
const CONTOSO = "c0ffee00-0000-4000-8000-00000000c001";
const MSA = "9188040d-6c67-4c5b-b112-36a304b66dad";
let server: http.Server;
let jwksUri: string;
let issuerTemplate: string;
let signingKey: CryptoKey;
let otherKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  server = http.createServer((_req, res) =>
    res.setHeader("content-type", "application/json").end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  jwksUri = `${base}/common/discovery/v2.0/keys`;
  issuerTemplate = `${base}/{tenantid}/v2.0`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function token(
  claims: Record<string, unknown>,
  options: { key?: CryptoKey; alg?: string; expiresIn?: string } = {},
) {
  const base: Record<string, unknown> = {
    tid: CONTOSO,
    oid: "oid-alice",
    name: "Alice",
    email: "alice@contoso.example",
    nonce: "n-1",
    ...claims,
  };
  const iss = (base.iss as string | undefined) ?? issuerTemplate.replace("{tenantid}", String(base.tid));
  return new SignJWT({ ...base, iss })
    .setProtectedHeader({ alg: options.alg ?? "RS256", kid: "k1" })
    .setSubject("sub-alice")
    .setAudience((claims.aud as string | undefined) ?? CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign(options.key ?? signingKey);
}

const expectations = (over: Partial<Parameters<typeof validateIdToken>[1]> = {}) => ({
  issuer: issuerTemplate,
  jwksUri,
  clientId: CLIENT_ID,
  signinTenant: "common",
  nonce: "n-1",
  ...over,
});

describe("validateIdToken", () => {
  it("accepts a token of any tenant on a `common` sign-in, with the issuer of that tenant", async () => {
    const claims = await validateIdToken(await token({ roles: ["Portal.Viewer"] }), expectations());
    expect(claims).toMatchObject({
      tid: CONTOSO,
      oid: "oid-alice",
      email: "alice@contoso.example",
      name: "Alice",
      roles: ["Portal.Viewer"],
    });
  });

  it("keeps the optional claims xms_pl / xms_tpl (preferred languages) when they are short language tags", async () => {
    const withLanguages = await validateIdToken(await token({ xms_pl: "ja-JP", xms_tpl: "de" }), expectations());
    expect(withLanguages).toMatchObject({ preferredLanguage: "ja-JP", tenantLanguage: "de" });
    const without = await validateIdToken(await token({}), expectations());
    expect(without).toMatchObject({ preferredLanguage: null, tenantLanguage: null });
    const garbage = await validateIdToken(await token({ xms_pl: "x".repeat(500), xms_tpl: 7 }), expectations());
    expect(garbage).toMatchObject({ preferredLanguage: null, tenantLanguage: null });
  });

  it("refuses a token whose issuer names another tenant than its tid", async () => {
    const forged = await token({ iss: issuerTemplate.replace("{tenantid}", MSA) });
    await expect(validateIdToken(forged, expectations())).rejects.toThrow(/issuer/);
  });

  it("refuses a token from another issuer host", async () => {
    const forged = await token({ iss: `https://evil.example/${CONTOSO}/v2.0` });
    await expect(validateIdToken(forged, expectations())).rejects.toBeInstanceOf(IdTokenError);
  });

  it("refuses a token signed by a key that is not in the JWKS", async () => {
    await expect(validateIdToken(await token({}, { key: otherKey }), expectations())).rejects.toThrow(IdTokenError);
  });

  it("refuses a token for another app, an expired token, and a wrong nonce", async () => {
    await expect(validateIdToken(await token({ aud: "someone-else" }), expectations())).rejects.toThrow(IdTokenError);
    await expect(validateIdToken(await token({}, { expiresIn: "-10m" }), expectations())).rejects.toThrow(IdTokenError);
    await expect(validateIdToken(await token({ nonce: "other" }), expectations())).rejects.toThrow(/nonce/);
    await expect(validateIdToken(await token({}), expectations({ nonce: undefined }))).rejects.toThrow(/nonce/);
  });

  it("refuses tenants the sign-in does not allow", async () => {
    await expect(
      validateIdToken(await token({ tid: MSA }), expectations({ signinTenant: "organizations" })),
    ).rejects.toThrow(/tenant/);
    await expect(validateIdToken(await token({}), expectations({ signinTenant: "consumers" }))).rejects.toThrow(
      /tenant/,
    );
  });
});

describe("tenantAllowed", () => {
  it("follows Entra's meaning of common, organizations, consumers and a tenant id", () => {
    expect(tenantAllowed("common", MSA)).toBe(true);
    expect(tenantAllowed("organizations", MSA)).toBe(false);
    expect(tenantAllowed("organizations", CONTOSO)).toBe(true);
    expect(tenantAllowed("consumers", MSA)).toBe(true);
    expect(tenantAllowed(CONTOSO.toUpperCase(), CONTOSO)).toBe(true);
    expect(tenantAllowed(CONTOSO, MSA)).toBe(false);
  });
});
