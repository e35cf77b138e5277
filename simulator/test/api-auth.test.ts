// Marketplace API front door: bearer token validation (401/403 as Microsoft), api-version, request ids.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO, SIGN_IN, startHarness, type Harness } from "./harness";

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

describe("bearer token", () => {
  it("accepts v2 and v1 client-credentials tokens of the fulfillment app", async () => {
    expect((await h.api("GET", "/saas/subscriptions", { token: await h.token(2) })).status).toBe(200);
    expect((await h.api("GET", "/saas/subscriptions", { token: await h.token(1) })).status).toBe(200);
  });

  it("answers 401 without a usable credential: no header, not a JWT, no tid/appid", async () => {
    const noHeader = await h.api("GET", "/saas/subscriptions", { token: null });
    expect(noHeader.status).toBe(401);
    expect(noHeader.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect((await h.api("GET", "/saas/subscriptions", { token: "not-a-jwt" })).status).toBe(401);
    expect((await h.api("GET", "/saas/subscriptions", { token: await mint({ preset: "marketplace", claims: { tid: null } }) })).status).toBe(401);
    expect((await h.api("GET", "/saas/subscriptions", { token: await mint({ preset: "marketplace", claims: { azp: null } }) })).status).toBe(401);
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

  it("answers 403 for a token of another tenant, even with a matching issuer", async () => {
    const token = await mint({ preset: "marketplace", claims: { tid: CONTOSO, iss: `${h.sim.httpsUrl}/${CONTOSO}/v2.0` } });
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
    expect(missing.json()).toEqual({ Error: { Code: "ApiVersionUnspecified", Message: "An API version is required, but was not specified." } });
    const wrong = await h.api("POST", "/usageEvent", { apiVersion: "2019-01-01", body: {} });
    expect(wrong.status).toBe(400);
    expect(wrong.json<{ Error: { Code: string; Message: string } }>().Error.Code).toBe("UnsupportedApiVersion");
    expect(wrong.json<{ Error: { Code: string; Message: string } }>().Error.Message).toContain("'2019-01-01'");
  });
});

describe("request ids", () => {
  it("echoes x-ms-requestid and x-ms-correlationid, on errors too", async () => {
    const headers = { "x-ms-requestid": "aaaaaaaa-0000-4000-8000-000000000001", "x-ms-correlationid": "bbbbbbbb-0000-4000-8000-000000000002" };
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
