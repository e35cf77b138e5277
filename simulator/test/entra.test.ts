// Entra ID stand-in: discovery, JWKS, token endpoint (client credentials v1/v2, errors) and key rotation.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../settings";
import { CONTOSO, FULFILLMENT, MARKETPLACE, PUBLISHER_TENANT, SIGN_IN, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ keyGraceMs: 300 });
});
afterAll(async () => h.stop());

const form = (fields: Record<string, string>): { method: string; headers: Record<string, string>; body: string } => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});
const v2Token = `/${PUBLISHER_TENANT}/oauth2/v2.0/token`;
const clientCredentials = {
  grant_type: "client_credentials",
  client_id: FULFILLMENT.id,
  client_secret: FULFILLMENT.secret,
  scope: `${MARKETPLACE}/.default`,
};
const v1ClientCredentials = {
  grant_type: "client_credentials",
  client_id: FULFILLMENT.id,
  client_secret: FULFILLMENT.secret,
  resource: MARKETPLACE,
};
/** Entra's v1 issuer, literally: Microsoft-side tools compare against it. */
const STS_ISSUER = `https://sts.windows.net/${PUBLISHER_TENANT}/`;

/** Requests a Marketplace token from the v1 or v2 endpoint and verifies its signature with the tenant's JWKS. */
async function appToken(
  harness: Harness,
  endpoint: "v1" | "v2",
): Promise<{ body: Record<string, unknown>; claims: JWTPayload; token: string }> {
  const url =
    endpoint === "v2"
      ? `${harness.sim.httpsUrl}${v2Token}`
      : `${harness.sim.httpsUrl}/${PUBLISHER_TENANT}/oauth2/token`;
  const res = await harness.fetch(url, form(endpoint === "v2" ? clientCredentials : v1ClientCredentials));
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  const token = String(body.access_token);
  const jwks = createLocalJWKSet(
    (await (await harness.fetch(`${harness.sim.httpsUrl}/${PUBLISHER_TENANT}/discovery/v2.0/keys`)).json()) as {
      keys: [];
    },
  );
  const { payload } = await jwtVerify(token, jwks, { audience: MARKETPLACE, algorithms: ["RS256"] });
  return { body, claims: payload, token };
}

/** The claim names of Entra's app-only tokens of each format (values vary). */
const V1_CLAIMS = [
  "aio",
  "appid",
  "appidacr",
  "aud",
  "exp",
  "iat",
  "idp",
  "idtyp",
  "iss",
  "nbf",
  "oid",
  "rh",
  "sub",
  "tid",
  "uti",
  "ver",
];
const V2_CLAIMS = [
  "aio",
  "aud",
  "azp",
  "azpacr",
  "exp",
  "iat",
  "idtyp",
  "iss",
  "nbf",
  "oid",
  "rh",
  "sub",
  "tid",
  "uti",
  "ver",
];

describe("discovery", () => {
  it("publishes a v2 document per tenant, with the authorize endpoint on the http port", async () => {
    const doc = (await (
      await h.fetch(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(doc.issuer).toBe(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/v2.0`);
    expect(doc.token_endpoint).toBe(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/oauth2/v2.0/token`);
    expect(doc.jwks_uri).toBe(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/discovery/v2.0/keys`);
    expect(doc.authorization_endpoint).toBe(`${h.sim.httpUrl}/${PUBLISHER_TENANT}/oauth2/v2.0/authorize`);
    expect(h.sim.httpsUrl).toMatch(/^https:\/\/localhost:\d+$/);
    expect(h.sim.httpUrl).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it.each(["common", "organizations", "consumers"])(
    "names the issuer literally .../{tenantid}/v2.0 for /%s",
    async (alias) => {
      const doc = (await (
        await h.fetch(`${h.sim.httpsUrl}/${alias}/v2.0/.well-known/openid-configuration`)
      ).json()) as Record<string, string>;
      expect(doc.issuer).toBe(`${h.sim.httpsUrl}/{tenantid}/v2.0`);
      expect(doc.authorization_endpoint).toBe(`${h.sim.httpUrl}/${alias}/oauth2/v2.0/authorize`);
    },
  );

  it("accepts tenant domains and refuses unknown tenants with an Entra error", async () => {
    const doc = (await (
      await h.fetch(`${h.sim.httpsUrl}/contoso.example/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(doc.issuer).toBe(`${h.sim.httpsUrl}/${CONTOSO}/v2.0`);
    const res = await h.fetch(
      `${h.sim.httpsUrl}/11111111-1111-4111-8111-111111111111/v2.0/.well-known/openid-configuration`,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });

  it("serves the JWKS with kid = x5t and a certificate chain", async () => {
    const jwks = (await (await h.fetch(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/discovery/v2.0/keys`)).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys[0]).toMatchObject({
      kty: "RSA",
      use: "sig",
      e: "AQAB",
      issuer: `${h.sim.httpsUrl}/${PUBLISHER_TENANT}/v2.0`,
    });
    expect(jwks.keys[0]?.kid).toBe(jwks.keys[0]?.x5t);
    expect((jwks.keys[0]?.x5c as string[])[0]?.length).toBeGreaterThan(500);
  });
});

describe("token endpoint", () => {
  it("issues v1-format Marketplace tokens from the v2 endpoint, as Entra does for that resource (client_secret_post)", async () => {
    const res = await h.fetch(`${h.sim.httpsUrl}${v2Token}`, form(clientCredentials));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const body = (await res.json()) as {
      token_type: string;
      expires_in: number;
      ext_expires_in: number;
      access_token: string;
    };
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    const jwks = createLocalJWKSet(
      (await (await h.fetch(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/discovery/v2.0/keys`)).json()) as { keys: [] },
    );
    const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, {
      issuer: STS_ISSUER,
      audience: MARKETPLACE,
    });
    expect(payload).toMatchObject({
      tid: PUBLISHER_TENANT,
      appid: FULFILLMENT.id,
      appidacr: "1",
      idp: STS_ISSUER,
      ver: "1.0",
      idtyp: "app",
    });
    expect(Object.keys(payload).sort()).toEqual(V1_CLAIMS);
    expect(protectedHeader).toMatchObject({ alg: "RS256", typ: "JWT" });
  });

  it("accepts client_secret_basic", async () => {
    const basic = Buffer.from(`${FULFILLMENT.id}:${FULFILLMENT.secret}`).toString("base64");
    const { client_secret: _secret, client_id: _id, ...rest } = clientCredentials;
    const init = form(rest);
    init.headers.authorization = `Basic ${basic}`;
    expect((await h.fetch(`${h.sim.httpsUrl}${v2Token}`, init)).status).toBe(200);
  });

  it("issues v1 tokens from the v1 endpoint with resource=, appid, Entra's v1 issuer and numbers as strings", async () => {
    const res = await h.fetch(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/oauth2/token`, form(v1ClientCredentials));
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({
      token_type: "Bearer",
      expires_in: "3599",
      ext_expires_in: "3599",
      resource: MARKETPLACE,
    });
    expect(body.expires_on).toMatch(/^\d+$/);
    expect(body.not_before).toMatch(/^\d+$/);
    const claims = decodeJwt(body.access_token ?? "");
    expect(claims).toMatchObject({ iss: STS_ISSUER, appid: FULFILLMENT.id, ver: "1.0", aud: MARKETPLACE });
    expect(Object.keys(claims).sort()).toEqual(V1_CLAIMS);
  });

  it("issues the same token format from both endpoints, and the API accepts both tokens", async () => {
    for (const endpoint of ["v1", "v2"] as const) {
      const { claims, token } = await appToken(h, endpoint);
      expect(claims, endpoint).toMatchObject({ iss: STS_ISSUER, aud: MARKETPLACE, appid: FULFILLMENT.id, ver: "1.0" });
      expect((await h.api("GET", "/saas/subscriptions", { token })).status, endpoint).toBe(200);
    }
  });

  it.each([
    ["a wrong secret", { client_secret: "nope" }, 401, "invalid_client", 7000215],
    ["an unknown client id", { client_id: "99999999-9999-4999-8999-999999999999" }, 401, "invalid_client", 700016],
    ["no secret", { client_secret: "" }, 401, "invalid_client", 7000218],
    ["resource= on the v2 endpoint", { resource: MARKETPLACE }, 400, "invalid_request", 901002],
    ["a scope without /.default", { scope: MARKETPLACE }, 400, "invalid_scope", 1002012],
    [
      "an unknown resource",
      { scope: "62d94f6c-d599-489b-a797-3e10e42fbe22/.default" },
      400,
      "invalid_resource",
      500011,
    ],
    ["an unsupported grant", { grant_type: "password" }, 400, "unsupported_grant_type", 70003],
  ])("refuses %s", async (_label, over, status, error, code) => {
    const fields: Record<string, string> = { ...clientCredentials, ...over };
    for (const [k, v] of Object.entries(fields)) if (v === "") delete fields[k];
    const res = await h.fetch(`${h.sim.httpsUrl}${v2Token}`, form(fields));
    expect(res.status).toBe(status);
    const body = (await res.json()) as {
      error: string;
      error_codes: number[];
      error_description: string;
      trace_id: string;
      correlation_id: string;
    };
    expect(body.error).toBe(error);
    expect(body.error_codes).toEqual([code]);
    expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: .*\\r\\nTrace ID: `, "s"));
  });

  it("issues app tokens only in the publisher tenant", async () => {
    const other = await h.fetch(`${h.sim.httpsUrl}/${CONTOSO}/oauth2/v2.0/token`, form(clientCredentials));
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: string }).error).toBe("unauthorized_client");
    expect((await h.fetch(`${h.sim.httpsUrl}/common/oauth2/v2.0/token`, form(clientCredentials))).status).toBe(400);
  });

  it("gives the sign-in app a token the Marketplace API refuses (offer published with another app)", async () => {
    const res = await h.fetch(
      `${h.sim.httpsUrl}${v2Token}`,
      form({ ...clientCredentials, client_id: SIGN_IN.id, client_secret: SIGN_IN.secret }),
    );
    const token = ((await res.json()) as { access_token: string }).access_token;
    const api = await h.api("GET", "/saas/subscriptions", { token });
    expect(api.status).toBe(403);
  });
});

describe("SIM_ACCESS_TOKEN_VERSION=2", () => {
  let v2: Harness;
  beforeAll(async () => {
    v2 = await startHarness({ accessTokenVersion: 2 });
  });
  afterAll(async () => v2.stop());

  it.each(["v1", "v2"] as const)(
    "issues v2-format tokens from the %s endpoint: azp, the v2 issuer, ver 2.0, no appid",
    async (endpoint) => {
      const { body, claims, token } = await appToken(v2, endpoint);
      expect(claims).toMatchObject({
        iss: `${v2.sim.httpsUrl}/${PUBLISHER_TENANT}/v2.0`,
        aud: MARKETPLACE,
        tid: PUBLISHER_TENANT,
        azp: FULFILLMENT.id,
        azpacr: "1",
        ver: "2.0",
        idtyp: "app",
      });
      expect(Object.keys(claims).sort()).toEqual(V2_CLAIMS);
      // The answer keeps its endpoint's shape: numbers as strings on v1 only.
      expect(typeof body.expires_in).toBe(endpoint === "v1" ? "string" : "number");
      expect((await v2.api("GET", "/saas/subscriptions", { token })).status).toBe(200);
    },
  );

  it("is read from the environment: 1 by default, 2 on request, anything else refused", () => {
    expect(loadSettings({}, "/repo").accessTokenVersion).toBe(1);
    expect(loadSettings({ SIM_ACCESS_TOKEN_VERSION: "2" }, "/repo").accessTokenVersion).toBe(2);
    expect(loadSettings({ SIM_ACCESS_TOKEN_VERSION: "1", SIM_WEBHOOK_TOKEN_VERSION: "1" }, "/repo")).toMatchObject({
      accessTokenVersion: 1,
      webhookTokenVersion: 1,
    });
    expect(() => loadSettings({ SIM_ACCESS_TOKEN_VERSION: "2.0" }, "/repo")).toThrow(/SIM_ACCESS_TOKEN_VERSION/);
  });
});

describe("key rotation", () => {
  it("signs with the new key; the old key stays published for the grace period, then disappears", async () => {
    const before = await h.token(1);
    const oldKid = decodeProtectedHeader(before).kid;
    const rotated = await h.control<{ kid: string }>("POST", "/keys/rotate");
    expect(rotated.body.kid).not.toBe(oldKid);
    const fresh = (
      (await (await h.fetch(`${h.sim.httpsUrl}${v2Token}`, form(clientCredentials))).json()) as { access_token: string }
    ).access_token;
    expect(decodeProtectedHeader(fresh).kid).toBe(rotated.body.kid);
    const kids = async (): Promise<string[]> =>
      (
        (await (await h.fetch(`${h.sim.httpsUrl}/${PUBLISHER_TENANT}/discovery/v2.0/keys`)).json()) as {
          keys: Array<{ kid: string }>;
        }
      ).keys.map((k) => k.kid);
    expect(await kids()).toEqual([oldKid, rotated.body.kid]);
    expect((await h.api("GET", "/saas/subscriptions", { token: before })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 350));
    expect(await kids()).toEqual([rotated.body.kid]);
    expect((await h.api("GET", "/saas/subscriptions", { token: before })).status).toBe(403);
  });
});
