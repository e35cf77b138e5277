import { describe, expect, it } from "vitest";
import { z } from "zod";
import { publicAccess, type AuthStrategy } from "./auth-strategy";
import { openApiDocument, refusalsOf } from "./openapi";

const keyed: AuthStrategy<null> = {
  security: { kind: "scheme", scheme: "apiKey", scopes: ["things:read"] },
  authenticate: async () => ({ ok: true, caller: null }),
};

describe("the OpenAPI document of the route recipe", () => {
  it("documents the refusals each route can answer", () => {
    expect([...refusalsOf({ auth: keyed }).entries()]).toEqual([
      [401, ["unauthenticated"]],
      [403, ["insufficient-scope"]],
      [400, ["validation-failed"]],
      [500, ["internal-error"]],
    ]);
    const withBody = refusalsOf({ auth: publicAccess("test"), body: z.strictObject({ a: z.string() }) });
    expect(withBody.get(400)).toEqual(["validation-failed", "malformed-body"]);
    expect([...withBody.keys()].sort()).toEqual([400, 408, 413, 415, 500]);
  });

  it("takes parameters, answers and security from the route's definition", () => {
    const doc = openApiDocument({
      title: "t",
      version: "1",
      description: "d",
      portalUrl: "https://portal.example",
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "a key" } },
      operations: [
        {
          path: "/things/{id}",
          method: "get",
          spec: {
            auth: keyed,
            params: z.strictObject({ id: z.string() }),
            query: z.strictObject({ limit: z.coerce.number<string>().optional() }),
            operationId: "getThing",
            responses: {
              200: { description: "the thing", schema: z.strictObject({ id: z.string() }) },
              404: { description: "no such thing" },
            },
          },
        },
      ],
    });
    const op = doc.paths!["/things/{id}"]!.get!;
    expect(op.security).toEqual([{ apiKey: ["things:read"] }]);
    expect(op.parameters?.map((p) => ("name" in p ? `${p.in}:${p.name}` : ""))).toEqual(["path:id", "query:limit"]);
    expect(Object.keys(op.responses!).sort()).toEqual(["200", "400", "401", "403", "404", "500"]);
    expect(op.responses!["404"]).toMatchObject({
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    });
    expect(JSON.stringify(op.responses!["401"])).toContain("https://portal.example/docs/problems/unauthenticated");
  });
});
