import { createHmac, createPublicKey } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MARKETPLACE_RESOURCE_ID } from "../env/defaults";
import {
  createWebhookTokenValidator,
  webhookIssuers,
  webhookJwksUrl,
  type WebhookTokenValidator,
} from "./webhook-token";

// A local stand-in for the tenant's JWKS endpoint, so that caching, refetching and outages can be observed.
const TENANT = "c0ffee00-0000-4000-8000-000000000001";
const CLIENT_ID = "c0ffee00-0000-4000-8000-0000000000f1";

type Key = { kid: string; privateKey: CryptoKey; jwk: JWK };
async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

let published: Key[] = [];
let fetches = 0;
let jwksStatus = 200;
let server: http.Server;
let host: string;
let current: Key;
let foreign: Key;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url !== `/${TENANT}/discovery/v2.0/keys`) return void res.writeHead(404).end();
    fetches++;
    res
      .writeHead(jwksStatus, { "content-type": "application/json" })
      .end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  current = await newKey("key-1");
  foreign = await newKey("key-1"); // same kid, key the JWKS does not publish
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let validate: WebhookTokenValidator;
beforeEach(() => {
  published = [current];
  fetches = 0;
  jwksStatus = 200;
  validate = createWebhookTokenValidator({ authorityHost: host, tenantId: TENANT, clientId: CLIENT_ID });
});

const now = () => Math.floor(Date.now() / 1000);
const v2Claims = (): JWTPayload => ({
  aud: CLIENT_ID,
  iss: `${host}/${TENANT}/v2.0`,
  tid: TENANT,
  azp: MARKETPLACE_RESOURCE_ID,
  ver: "2.0",
  iat: now() - 300,
  nbf: now() - 300,
  exp: now() + 3600,
});
const sign = (claims: JWTPayload, key: Key = current, header: Record<string, string> = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid, ...header }).sign(key.privateKey);
const bearer = async (claims: JWTPayload, key?: Key) => `Bearer ${await sign(claims, key)}`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("a genuine webhook token", () => {
  it("is accepted in the v2 format (azp, …/v2.0 issuer)", async () => {
    const claims = v2Claims();
    expect(await validate(await bearer(claims))).toEqual({
      ok: true,
      claims: { tid: TENANT, callerAppId: MARKETPLACE_RESOURCE_ID, version: "2.0" },
      expiresAt: claims.exp,
    });
  });

  it("is accepted in the v1 format (appid, v1 issuer)", async () => {
    const { azp: _azp, ...claims } = v2Claims();
    const result = await validate(
      await bearer({ ...claims, appid: MARKETPLACE_RESOURCE_ID, iss: `${host}/${TENANT}/`, ver: "1.0" }),
    );
    expect(result.ok).toBe(true);
  });

  it("is accepted within the clock skew after exp, not beyond it", async () => {
    expect((await validate(await bearer({ ...v2Claims(), exp: now() - 30 }))).ok).toBe(true);
    expect(await validate(await bearer({ ...v2Claims(), exp: now() - 120 }))).toMatchObject({
      ok: false,
      reason: "expired",
    });
  });
});

describe("a token checked once", () => {
  it("is not checked again while valid: the same string is accepted without another signature check", async () => {
    let lookups = 0;
    const keyed = createWebhookTokenValidator({
      authorityHost: host,
      tenantId: TENANT,
      clientId: CLIENT_ID,
      keys: async () => {
        lookups++;
        return importJWK(current.jwk, "RS256");
      },
    });
    const token = `Bearer ${await sign(v2Claims())}`;
    for (let i = 0; i < 5; i++) expect((await keyed(token)).ok).toBe(true);
    expect(lookups).toBe(1);
    // A different token (another signature) is checked on its own, and a tampered copy is still refused.
    expect((await keyed(`Bearer ${await sign({ ...v2Claims(), jti: "other" })}`)).ok).toBe(true);
    expect(lookups).toBe(2);
    const [h, p, sig] = token.slice(7).split(".");
    expect(await keyed(`Bearer ${h}.${p}.${sig!.slice(0, -4)}AAAA`)).toMatchObject({
      ok: false,
      reason: "bad signature",
    });
  });

  it("is refused once it expires, even though it was accepted before", async () => {
    const token = `Bearer ${await sign({ ...v2Claims(), exp: now() - 58 })}`; // within the 60 s skew: valid for 2 s more
    expect((await validate(token)).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await validate(token)).toMatchObject({ ok: false, reason: "expired" });
  });
});

describe("signing keys", () => {
  it("are fetched once and cached across tokens", async () => {
    for (let i = 0; i < 5; i++) expect((await validate(await bearer(v2Claims()))).ok).toBe(true);
    expect(fetches).toBe(1);
  });

  it("are fetched again for an unknown key id (rotation), but at most once per cooldown", async () => {
    const rotated = await newKey("key-2");
    validate = createWebhookTokenValidator({
      authorityHost: host,
      tenantId: TENANT,
      clientId: CLIENT_ID,
      jwksCooldownMs: 1_000,
    });
    expect((await validate(await bearer(v2Claims()))).ok).toBe(true);
    published = [current, rotated];
    // Within the cooldown a made-up or brand-new key id does not reach Entra.
    expect(await validate(await bearer(v2Claims(), rotated))).toMatchObject({
      ok: false,
      reason: "unknown signing key",
      retryable: false,
    });
    expect(fetches).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await validate(await bearer(v2Claims(), rotated))).ok).toBe(true);
    expect(fetches).toBe(2);
  });

  it("that cannot be fetched make the token uncheckable (retryable), not invalid", async () => {
    jwksStatus = 503;
    expect(await validate(await bearer(v2Claims()))).toEqual({
      ok: false,
      reason: "signing keys unavailable",
      retryable: true,
    });
    const unreachable = createWebhookTokenValidator({
      authorityHost: "http://127.0.0.1:9",
      tenantId: TENANT,
      clientId: CLIENT_ID,
    });
    expect(await unreachable(await bearer(v2Claims()))).toMatchObject({
      reason: "signing keys unavailable",
      retryable: true,
    });
  });
});

describe("refused tokens, each for its own reason", () => {
  it.each([
    ["no header", undefined, "no bearer token"],
    ["an empty header", "  ", "no bearer token"],
    ["another scheme", "Basic dXNlcjpwYXNz", "malformed token"],
    ["garbage", "Bearer not-a-jwt", "malformed token"],
    ["a token that is too long", `Bearer ${"a".repeat(20_000)}.b.c`, "malformed token"],
    ["alg none", `Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64(v2Claims())}.`, "algorithm not allowed"],
  ])("%s", async (_case, header, reason) => {
    expect(await validate(header)).toMatchObject({ ok: false, reason, retryable: false });
    expect(fetches).toBe(0);
  });

  it("HS256 signed with the public key as the secret (algorithm confusion)", async () => {
    const secret = createPublicKey({ key: current.jwk, format: "jwk" }).export({ type: "spki", format: "pem" });
    const unsigned = `${b64({ alg: "HS256", typ: "JWT", kid: current.kid })}.${b64(v2Claims())}`;
    const token = `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
    expect(await validate(`Bearer ${token}`)).toMatchObject({ ok: false, reason: "algorithm not allowed" });
  });

  it.each([
    [
      "a bad signature (a key the JWKS does not publish, same kid)",
      async () => bearer(v2Claims(), foreign),
      "bad signature",
    ],
    [
      "a tampered payload",
      async () => {
        const [h, , s] = (await sign(v2Claims())).split(".");
        return `Bearer ${h}.${b64({ ...v2Claims(), tid: "other" })}.${s}`;
      },
      "bad signature",
    ],
    ["the wrong audience", async () => bearer({ ...v2Claims(), aud: MARKETPLACE_RESOURCE_ID }), "wrong audience"],
    [
      "the wrong tenant (tid)",
      async () => bearer({ ...v2Claims(), tid: "c0ffee00-0000-4000-8000-00000000c001" }),
      "wrong tenant",
    ],
    [
      "another tenant's token (tid and issuer)",
      async () =>
        bearer({
          ...v2Claims(),
          tid: "c0ffee00-0000-4000-8000-00000000c001",
          iss: `${host}/c0ffee00-0000-4000-8000-00000000c001/v2.0`,
        }),
      "wrong issuer",
    ],
    [
      "an issuer of another authority",
      async () => bearer({ ...v2Claims(), iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }),
      "wrong issuer",
    ],
    [
      "the wrong calling application (azp)",
      async () => bearer({ ...v2Claims(), azp: CLIENT_ID }),
      "wrong calling application",
    ],
    ["no azp nor appid", async () => bearer({ ...v2Claims(), azp: undefined }), "wrong calling application"],
    ["an expired token", async () => bearer({ ...v2Claims(), exp: now() - 3600 }), "expired"],
    ["a token not valid yet", async () => bearer({ ...v2Claims(), nbf: now() + 600 }), "not yet valid"],
    ["no exp", async () => bearer({ ...v2Claims(), exp: undefined }), "missing claim"],
  ])("%s", async (_case, header, reason) => {
    expect(await validate(await header())).toMatchObject({ ok: false, reason, retryable: false });
  });
});

describe("where the keys and issuers are", () => {
  it("uses the tenant's discovery keys", () => {
    expect(webhookJwksUrl("https://login.microsoftonline.com/", TENANT)).toBe(
      `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
    );
  });

  it("expects sts.windows.net as the v1 issuer on Microsoft's public cloud, the authority itself elsewhere", () => {
    expect(webhookIssuers("https://login.microsoftonline.com", TENANT)).toEqual([
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
      `https://sts.windows.net/${TENANT}/`,
    ]);
    expect(webhookIssuers("https://localhost:4010/", TENANT.toUpperCase())).toEqual([
      `https://localhost:4010/${TENANT}/v2.0`,
      `https://localhost:4010/${TENANT}/`,
      `https://localhost:4010/${TENANT.toUpperCase()}/v2.0`,
      `https://localhost:4010/${TENANT.toUpperCase()}/`,
    ]);
  });
});
