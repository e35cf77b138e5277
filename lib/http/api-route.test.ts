import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { apiRoute } from "./api-route";
import { bearerToken, publicAccess, type AuthStrategy } from "./auth-strategy";
import { json } from "./respond";

let warned: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warned = vi.spyOn(log, "warn").mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

const typeUri = (name: string) => `${getEnv().portalUrl}/docs/problems/${name}`;
const noParams = { params: Promise.resolve({}) };
const call = (
  handler: (r: Request, c: typeof noParams) => Promise<Response>,
  url: string,
  init?: RequestInit,
  params: Record<string, string> = {},
) => handler(new Request(`http://portal.test${url}`, init), { params: Promise.resolve(params) });
const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) => ({
  method: "POST",
  body,
  headers,
});

/** The shape an API-key strategy will have: a bearer token, scopes, 401 for a bad key and 403 for a missing scope. */
function keyWithScope(scope: string): AuthStrategy<{ keyId: string }> {
  const keys: Record<string, string[]> = { "good-key": ["entitlements:read"], "narrow-key": [] };
  return {
    security: { kind: "scheme", scheme: "apiKey", scopes: [scope] },
    async authenticate(request) {
      const token = bearerToken(request);
      const scopes = token.ok ? keys[token.token] : undefined;
      if (!token.ok || !scopes)
        return {
          ok: false,
          refusal: {
            type: "unauthenticated",
            detail: "Send a valid API key as Authorization: Bearer <key>.",
            challenge: 'Bearer realm="portal", error="invalid_token"',
            reason: token.ok ? "unknown key" : token.reason,
          },
        };
      if (!scopes.includes(scope))
        return {
          ok: false,
          refusal: {
            type: "insufficient-scope",
            detail: `This key lacks the scope ${scope}.`,
            challenge: `Bearer realm="portal", error="insufficient_scope", scope="${scope}"`,
            reason: "scope",
          },
        };
      return { ok: true, caller: { keyId: token.token } };
    },
  };
}

describe("apiRoute: authentication first", () => {
  const handler = vi.fn(async () => json({ ok: true }));
  const GET = apiRoute({
    auth: keyWithScope("entitlements:read"),
    query: z.strictObject({ tenantId: z.string() }),
    handler,
  });

  it("401 problem with a Bearer challenge for a missing or unknown key, before the input is even looked at", async () => {
    for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: "Basic Zm9vOmJhcg==" }] as Record<
      string,
      string
    >[]) {
      const response = await call(GET, "/api/v1/entitlements?nonsense=1", { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="portal", error="invalid_token"');
      expect(await response.json()).toMatchObject({
        type: typeUri("unauthenticated"),
        title: "Authentication required",
        status: 401,
      });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("403 insufficient-scope for a valid key without the route's scope", async () => {
    const response = await call(GET, "/api/v1/entitlements?tenantId=t", {
      headers: { authorization: "Bearer narrow-key" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(await response.json()).toMatchObject({
      type: typeUri("insufficient-scope"),
      detail: "This key lacks the scope entitlements:read.",
    });
  });

  it("the handler gets the caller and the parsed query", async () => {
    const response = await call(GET, "/api/v1/entitlements?tenantId=t-1", {
      headers: { authorization: "Bearer good-key" },
    });
    expect(response.status).toBe(200);
    expect(handler).toHaveBeenCalledWith(
      expect.objectContaining({ caller: { keyId: "good-key" }, query: { tenantId: "t-1" } }),
    );
  });
});

describe("apiRoute: input", () => {
  const POST = apiRoute({
    auth: publicAccess("a test route"),
    params: z.object({ id: z.uuid() }),
    query: z.strictObject({ dryRun: z.enum(["true", "false"]).optional() }),
    body: z.strictObject({ reason: z.string().max(20), quantity: z.number().int().positive() }),
    maxBodyBytes: 200,
    handler: async ({ params, query, body }) =>
      json({ id: params.id, dryRun: query.dryRun === "true", reason: body.reason, seats: body.quantity + 1 }),
  });
  const id = "3f2c1a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c";

  it("passes the typed, parsed path, query and body to the handler", async () => {
    const response = await call(POST, `/x/${id}?dryRun=true`, post(JSON.stringify({ reason: "growth", quantity: 4 })), {
      id,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ id, dryRun: true, reason: "growth", seats: 5 });
  });

  it("400 validation-failed listing every field of the path, query and body, unknown ones included", async () => {
    const response = await call(
      POST,
      "/x/nope?dryrun=1",
      post(JSON.stringify({ reason: "x".repeat(30), quantity: 4, note: "hi" })),
      { id: "nope" },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await response.json();
    expect(problem).toMatchObject({
      type: typeUri("validation-failed"),
      title: "Invalid request",
      status: 400,
      detail: "The request has 4 invalid fields: see errors.",
    });
    expect(problem.errors).toEqual([
      { in: "path", parameter: "id", detail: expect.any(String) },
      {
        in: "query",
        parameter: "dryrun",
        detail: "Unknown parameter: not accepted here. Remove it, or check its spelling (accepted: dryRun).",
      },
      { in: "body", pointer: "#/reason", detail: expect.stringMatching(/20/) },
      {
        in: "body",
        pointer: "#/note",
        detail: "Unknown field: not accepted here. Remove it, or check its spelling (accepted: reason, quantity).",
      },
    ]);
  });

  it("logs each refusal with its type, but never the caller's field names or values (they could be personal data)", async () => {
    await call(
      POST,
      `/x/${id}`,
      post(JSON.stringify({ reason: "alice@contoso.example", quantity: 1, "bob@contoso.example": 1 })),
      { id },
    );
    expect(warned).toHaveBeenCalledWith(
      expect.objectContaining({ type: "validation-failed", errors: 2, in: ["body"] }),
      "api request refused",
    );
    expect(JSON.stringify(warned.mock.calls)).not.toContain("contoso");
  });

  it("refuses bodies that are not JSON objects it can read: media type, encoding, size, syntax, emptiness", async () => {
    const cases: [RequestInit, number, string][] = [
      [post('{"reason":"a","quantity":1}', { "content-type": "text/plain" }), 415, "unsupported-media-type"],
      [
        post('{"reason":"a","quantity":1}', { "content-type": "application/json; charset=latin1" }),
        415,
        "unsupported-media-type",
      ],
      [
        post('{"reason":"a","quantity":1}', { "content-type": "application/json", "content-encoding": "gzip" }),
        415,
        "unsupported-media-type",
      ],
      [post(JSON.stringify({ reason: "a".repeat(300), quantity: 1 })), 413, "body-too-large"],
      [post('{"reason": "a",'), 400, "malformed-body"],
      [post(""), 400, "malformed-body"],
    ];
    for (const [init, status, type] of cases) {
      const response = await call(POST, `/x/${id}`, init, { id });
      expect({ status: response.status, type: (await response.json()).type }).toEqual({ status, type: typeUri(type) });
    }
    const vendorJson = await call(
      POST,
      `/x/${id}`,
      post('{"reason":"a","quantity":1}', { "content-type": "application/merge-patch+json; charset=UTF-8" }),
      { id },
    );
    expect(vendorJson.status).toBe(200);
  });

  it("refuses a body sent to a route that takes none, and unknown query parameters when it declares none", async () => {
    const GET = apiRoute({ auth: publicAccess("a test route"), handler: async () => json({}) });
    const withBody = await call(GET, "/y", post("{}"));
    expect(await withBody.json()).toMatchObject({
      status: 400,
      errors: [{ in: "body", pointer: "#", detail: "This endpoint takes no body. Send none." }],
    });
    const withQuery = await call(GET, "/y?page=2");
    expect(await withQuery.json()).toMatchObject({
      status: 400,
      errors: [
        {
          in: "query",
          parameter: "page",
          detail: "Unknown parameter: this endpoint takes no query parameters. Remove it.",
        },
      ],
    });
  });

  it("refuses, when the route is defined, an object schema that would silently drop unknown fields", () => {
    expect(() =>
      apiRoute({
        auth: publicAccess("a test route"),
        body: z.object({ a: z.string() }),
        handler: async () => json({}),
      }),
    ).toThrow(/z\.strictObject/);
    expect(() =>
      apiRoute({
        auth: publicAccess("a test route"),
        query: z.object({ a: z.string() }),
        handler: async () => json({}),
      }),
    ).toThrow(/z\.strictObject/);
  });
});

describe("apiRoute: answers", () => {
  it("an unexpected error: 500 problem with a generic text and the request id, the stack logged, nothing internal sent", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const GET = apiRoute({
      auth: publicAccess("a test route"),
      handler: async () => {
        throw new Error("connection to db.internal:5432 refused");
      },
    });
    const response = await call(GET, "/z", { headers: { "x-request-id": "trace-500" } });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("x-request-id")).toBe("trace-500");
    const text = await response.text();
    expect(text).not.toContain("db.internal");
    expect(JSON.parse(text)).toEqual({
      type: typeUri("internal-error"),
      title: "Internal error",
      status: 500,
      detail: expect.stringContaining("requestId"),
      requestId: "trace-500",
    });
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({
        err: expect.objectContaining({ message: "connection to db.internal:5432 refused", stack: expect.any(String) }),
      }),
      expect.any(String),
    );
  });

  it("keeps a cache-control the handler chose; otherwise no-store", async () => {
    const GET = apiRoute({
      auth: publicAccess("a test route"),
      handler: async () => json({}, { headers: { "cache-control": "max-age=60" } }),
    });
    expect((await call(GET, "/c")).headers.get("cache-control")).toBe("max-age=60");
  });

  it("keeps its definition (schemas, auth, metadata) on the handler, for the OpenAPI document", () => {
    const body = z.strictObject({ reason: z.string() });
    const POST = apiRoute({
      auth: keyWithScope("usage:write"),
      body,
      summary: "Record usage",
      tags: ["usage"],
      responses: { 202: { description: "Accepted" } },
      handler: async () => json({}),
    });
    expect(POST.definition).toMatchObject({
      body,
      summary: "Record usage",
      tags: ["usage"],
      responses: { 202: { description: "Accepted" } },
    });
    expect(POST.definition.auth.security).toEqual({ kind: "scheme", scheme: "apiKey", scopes: ["usage:write"] });
    expect("handler" in POST.definition).toBe(false);
  });
});

describe("bearerToken", () => {
  const of = (authorization?: string) =>
    bearerToken(new Request("http://portal.test/", { headers: authorization === undefined ? {} : { authorization } }));
  it("reads an RFC 6750 bearer token, and says why there is none", () => {
    expect(of("Bearer abc.DEF-123_~+/=")).toEqual({ ok: true, token: "abc.DEF-123_~+/=" });
    expect(of("bearer   abc")).toEqual({ ok: true, token: "abc" });
    expect(of()).toEqual({ ok: false, reason: "missing" });
    expect(of("Basic Zm9v")).toEqual({ ok: false, reason: "not-bearer" });
    expect(of("Bearer")).toEqual({ ok: false, reason: "malformed" });
    expect(of("Bearer a b")).toEqual({ ok: false, reason: "malformed" });
  });
});
