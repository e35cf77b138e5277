import { describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { withRequestId } from "@/lib/log";
import { PROBLEM_TYPES, PROBLEM_TYPES_PATH, type ProblemTypeName } from "./problem-types";
import { json, problem, problemBodySchema } from "./respond";

describe("problem (RFC 9457)", () => {
  it("answers application/problem+json with the type's URI under the portal's docs path, its status and title, and no-store", async () => {
    const response = problem({ type: "not-found", detail: "No operation with this id." });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      type: `${getEnv().portalUrl}/docs/problems/not-found`,
      title: "Not found",
      status: 404,
      detail: "No operation with this id.",
    });
  });

  it("carries the request id as the extension member requestId, so that support finds the log line", async () => {
    const response = withRequestId("trace-me-7", () => problem({ type: "forbidden", detail: "Ask an owner." }));
    expect(await response.json()).toMatchObject({ status: 403, requestId: "trace-me-7" });
  });

  it("about:blank: a plain status whose title defaults to the HTTP reason phrase", async () => {
    const response = problem({ status: 409, detail: "Already running." });
    expect(await response.json()).toEqual({
      type: "about:blank",
      title: "Conflict",
      status: 409,
      detail: "Already running.",
    });
  });

  it("keeps the caller's headers (a challenge on a 401) and lists field errors and the instance", async () => {
    const response = problem({
      type: "validation-failed",
      detail: "The request has an invalid field: see errors.",
      instance: "/api/v1/subscriptions/x",
      errors: [{ in: "body", pointer: "#/quantity", detail: "Too small." }],
      headers: { "www-authenticate": 'Bearer error="invalid_token"' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    const body = await response.json();
    expect(body).toMatchObject({
      instance: "/api/v1/subscriptions/x",
      errors: [{ in: "body", pointer: "#/quantity", detail: "Too small." }],
    });
    expect(problemBodySchema.parse(body)).toEqual(body);
  });

  it("gives every kind of refusal its own type URI, with a 4xx or 5xx status", async () => {
    const names = Object.keys(PROBLEM_TYPES) as ProblemTypeName[];
    const bodies = (await Promise.all(names.map((name) => problem({ type: name, detail: "d" }).json()))) as {
      type: string;
      status: number;
    }[];
    expect(new Set(bodies.map((b) => b.type)).size).toBe(names.length);
    for (const body of bodies) {
      expect(problemBodySchema.safeParse(body).success).toBe(true);
      expect(body.type.startsWith(`${getEnv().portalUrl}${PROBLEM_TYPES_PATH}/`)).toBe(true);
      expect(body.status).toBeGreaterThanOrEqual(400);
      expect(body.status).toBeLessThan(600);
    }
  });
});

describe("json", () => {
  it("answers application/json with the status and headers given", async () => {
    const response = json({ run: null }, { status: 202, headers: { "x-extra": "1" } });
    expect(response.status).toBe(202);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-extra")).toBe("1");
    expect(await response.json()).toEqual({ run: null });
  });
});
