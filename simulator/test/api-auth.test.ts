// Marketplace API front door: bearer token validation (401/403 as Microsoft), api-version, request ids.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO, FULFILLMENT, PUBLISHER_TENANT, SIGN_IN, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());

const FORBIDDEN =
  "The authorization token is invalid, expired, missing or this request is attempting to access a SaaS subscription for an offer that was published with a different Azure AD App ID from the one used to create the authorization token.";

async function mint(body: Record<string, unknown>): Promise<string> {
  const res = await h.control<{ token: string }>("POST", "/tokens/mint", body);
  expect(res.status).toBe(200);
  return res.body.token;
}

/** Entra's v1 issuer for the publisher tenant, literally. */
const STS_ISSUER = `https://sts.windows.net/${PUBLISHER_TENANT}/`;
/** Turns the marketplace preset (v2 format) into Entra's v1 format for the same app: appid, sts.windows.net, ver 1.0. */
const V1_FORMAT = {
  ver: "1.0",
  iss: STS_ISSUER,
  idp: STS_ISSUER,
  appid: FULFILLMENT.id,
  appidacr: "1",
  azp: null,
  azpacr: null,
};

describe("bearer token", () => {
  it("accepts client-credentials tokens of the fulfillment app from the v2 and the v1 endpoint", async () => {
    expect((await h.api("GET", "/saas/subscriptions", { token: await h.token(2) })).status).toBe(200);
    expect((await h.api("GET", "/saas/subscriptions", { token: await h.token(1) })).status).toBe(200);
  });

  it("answers 401 without a usable credential: no header, not a JWT, no tid/appid", async () => {
    const noHeader = await h.api("GET", "/saas/subscriptions", { token: null });
    expect(noHeader.status).toBe(401);
    expect(noHeader.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect((await h.api("GET", "/saas/subscriptions", { token: "not-a-jwt" })).status).toBe(401);
    expect(
      (
        await h.api("GET", "/saas/subscriptions", {
          token: await mint({ preset: "marketplace", claims: { tid: null } }),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await h.api("GET", "/saas/subscriptions", {
          token: await mint({ preset: "marketplace", claims: { azp: null } }),
        })
      ).status,
    ).toBe(401);
  });

  it.each([
    ["another audience", { preset: "marketplace", claims: { aud: "62d94f6c-d599-489b-a797-3e10e42fbe22" } }],
    ["another application", { preset: "marketplace", claims: { azp: SIGN_IN.id } }],
    ["an expired token", { preset: "marketplace", expiresInSeconds: -600 }],
    ["a key the JWKS does not publish", { preset: "marketplace", untrusted: true }],
    ["alg none", { preset: "marketplace", unsigned: true }],
    ["a wrong issuer", { preset: "marketplace", claims: { iss: "https://login.microsoftonline.com/someone/v2.0" } }],
  ])("answers 403 with Microsoft's message for %s", async (_label, mintBody) => {
    const res = await h.api("GET", "/saas/subscriptions", { token: await mint(mintBody) });
    expect(res.status).toBe(403);
    expect(res.json()).toBe(FORBIDDEN);
  });

  it("accepts both of Entra's formats, whatever format the simulator itself issues: v1 (appid, sts.windows.net) and v2 (azp, …/v2.0)", async () => {
    const v1 = await mint({ preset: "marketplace", claims: V1_FORMAT });
    const v2 = await mint({ preset: "marketplace" });
    expect((await h.api("GET", "/saas/subscriptions", { token: v1 })).status).toBe(200);
    expect((await h.api("GET", "/saas/subscriptions", { token: v2 })).status).toBe(200);
  });

  it.each([
    ["no ver", { preset: "marketplace", claims: { ver: null } }],
    ["an unknown ver", { preset: "marketplace", claims: { ver: "3.0" } }],
    [
      "a v2 token naming its app only in appid",
      { preset: "marketplace", claims: { azp: null, appid: FULFILLMENT.id } },
    ],
    [
      "a v1 token naming its app only in azp",
      { preset: "marketplace", claims: { ...V1_FORMAT, appid: null, azp: FULFILLMENT.id } },
    ],
  ])("answers 401 for a token without the app claim of its format: %s", async (_label, mintBody) => {
    const res = await h.api("GET", "/saas/subscriptions", { token: await mint(mintBody) });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });

  // Thunks: the simulator's issuer is known only once it runs.
  it.each([
    ["a v1 token with the v2 issuer", () => ({ ...V1_FORMAT, iss: `${h.sim.httpsUrl}/${PUBLISHER_TENANT}/v2.0` })],
    ["a v2 token with the v1 issuer", () => ({ iss: STS_ISSUER })],
    [
      "a v1 token with an issuer other than sts.windows.net",
      () => ({ ...V1_FORMAT, iss: `${h.sim.httpsUrl}/${PUBLISHER_TENANT}/` }),
    ],
    [
      "a v1 token of another app that names the fulfillment app in azp",
      () => ({ ...V1_FORMAT, appid: SIGN_IN.id, azp: FULFILLMENT.id }),
    ],
    [
      "a v2 token of another app that names the fulfillment app in appid",
      () => ({ azp: SIGN_IN.id, appid: FULFILLMENT.id }),
    ],
  ])("answers 403 for a token mixing the two formats: %s", async (_label, claims) => {
    const res = await h.api("GET", "/saas/subscriptions", {
      token: await mint({ preset: "marketplace", claims: claims() }),
    });
    expect(res.status).toBe(403);
    expect(res.json()).toBe(FORBIDDEN);
  });

  it("answers 403 for a token of another tenant, even with a matching issuer", async () => {
    const token = await mint({
      preset: "marketplace",
      claims: { tid: CONTOSO, iss: `${h.sim.httpsUrl}/${CONTOSO}/v2.0` },
    });
    const res = await h.api("GET", "/saas/subscriptions", { token });
    expect(res.status).toBe(403);
    expect(res.json()).toBe(FORBIDDEN);
  });

  it("checks the token on every API, metering included", async () => {
    const token = await mint({ preset: "marketplace", expiresInSeconds: -600 });
    expect((await h.api("POST", "/usageEvent", { token, body: {} })).status).toBe(403);
    expect((await h.api("GET", "/usageEvents?usageStartDate=2020-01-01", { token })).status).toBe(403);
  });
});

describe("api-version", () => {
  it("is required, with ASP.NET API-versioning error bodies", async () => {
    const missing = await h.api("GET", "/saas/subscriptions", { apiVersion: null });
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual({
      Error: { Code: "ApiVersionUnspecified", Message: "An API version is required, but was not specified." },
    });
    const wrong = await h.api("POST", "/usageEvent", { apiVersion: "2019-01-01", body: {} });
    expect(wrong.status).toBe(400);
    expect(wrong.json<{ Error: { Code: string; Message: string } }>().Error.Code).toBe("UnsupportedApiVersion");
    expect(wrong.json<{ Error: { Code: string; Message: string } }>().Error.Message).toContain("'2019-01-01'");
  });
});

describe("request ids", () => {
  it("echoes x-ms-requestid and x-ms-correlationid, on errors too", async () => {
    const headers = {
      "x-ms-requestid": "aaaaaaaa-0000-4000-8000-000000000001",
      "x-ms-correlationid": "bbbbbbbb-0000-4000-8000-000000000002",
    };
    for (const token of [undefined, null]) {
      const res = await h.api("GET", "/saas/subscriptions", { headers, ...(token === null ? { token } : {}) });
      expect(res.headers.get("x-ms-requestid")).toBe(headers["x-ms-requestid"]);
      expect(res.headers.get("x-ms-correlationid")).toBe(headers["x-ms-correlationid"]);
    }
  });

  it("generates GUIDs when the client sends none", async () => {
    const res = await h.api("GET", "/saas/subscriptions");
    expect(res.headers.get("x-ms-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-ms-correlationid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-ms-requestid")).not.toBe(res.headers.get("x-ms-correlationid"));
  });

  it("answers unknown API paths with 404 JSON", async () => {
    const res = await h.fetch(`${h.sim.httpsUrl}/api/saas/nothing-here?api-version=2018-08-31`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe("NotFound");
  });
});
