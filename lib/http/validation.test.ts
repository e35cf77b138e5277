import { describe, expect, it } from "vitest";
import { z } from "zod";
import { assertRefusesUnknownKeys, jsonPointer, queryObject, validate } from "./validation";

describe("jsonPointer", () => {
  it("names a body field as a JSON Pointer in URI fragment form, escaping ~ and / (RFC 6901)", () => {
    expect(jsonPointer([])).toBe("#");
    expect(jsonPointer(["items", 0, "quantity"])).toBe("#/items/0/quantity");
    expect(jsonPointer(["a/b", "c~d", "e f"])).toBe("#/a~1b/c~0d/e%20f");
  });
});

describe("validating a JSON body", () => {
  const body = z.strictObject({
    planId: z.string().min(1),
    quantity: z.number().int().positive(),
    contact: z.strictObject({ name: z.string() }).optional(),
    lines: z.array(z.strictObject({ sku: z.string() })).optional(),
  });

  it("lists every invalid field with its pointer and what is wrong", () => {
    const result = validate(body, { quantity: 0, contact: { name: 7 }, lines: [{ sku: "a" }, { sku: 1 }] }, "body");
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      { in: "body", pointer: "#/planId", detail: "Required." },
      { in: "body", pointer: "#/quantity", detail: expect.stringMatching(/>\s*0|positive|too small/i) },
      { in: "body", pointer: "#/contact/name", detail: expect.stringMatching(/expected string/) },
      { in: "body", pointer: "#/lines/1/sku", detail: expect.stringMatching(/expected string/) },
    ]);
  });

  it("refuses each unknown field by name, saying which fields are accepted there", () => {
    const result = validate(
      body,
      { planId: "pro", quantity: 2, qantity: 3, contact: { name: "A", phone: "1" } },
      "body",
    );
    expect(result.ok ? [] : result.errors).toEqual([
      {
        in: "body",
        pointer: "#/contact/phone",
        detail: "Unknown field: not accepted here. Remove it, or check its spelling (accepted: name).",
      },
      {
        in: "body",
        pointer: "#/qantity",
        detail:
          "Unknown field: not accepted here. Remove it, or check its spelling (accepted: planId, quantity, contact, lines).",
      },
    ]);
  });

  it("returns the parsed data when it is valid", () => {
    expect(validate(body, { planId: "pro", quantity: 2 }, "body")).toEqual({
      ok: true,
      data: { planId: "pro", quantity: 2 },
    });
  });
});

describe("validating query and path parameters", () => {
  const query = z.strictObject({
    status: z.enum(["Subscribed", "Suspended"]).optional(),
    limit: z.coerce.number().int().max(100).optional(),
  });

  it("reads a query string: one value as a string, a repeated one as a list", () => {
    expect(queryObject(new URLSearchParams("status=Subscribed&tag=a&tag=b"))).toEqual({
      status: "Subscribed",
      tag: ["a", "b"],
    });
  });

  it("names the parameter, and asks for a repeated one once", () => {
    const result = validate(
      query,
      queryObject(new URLSearchParams("status=Subscribed&status=Suspended&limit=500")),
      "query",
    );
    expect(result.ok ? [] : result.errors).toEqual([
      { in: "query", parameter: "status", detail: "Give this parameter once." },
      { in: "query", parameter: "limit", detail: expect.stringMatching(/100/) },
    ]);
    const twice = validate(query, queryObject(new URLSearchParams("limit=1&limit=2")), "query");
    expect(twice.ok ? [] : twice.errors).toEqual([
      { in: "query", parameter: "limit", detail: "Give this parameter once." },
    ]);
    const listed = z.strictObject({ tag: z.array(z.string()).min(3) });
    const few = validate(listed, queryObject(new URLSearchParams("tag=a&tag=b")), "query");
    expect(few.ok ? [] : few.errors).toEqual([{ in: "query", parameter: "tag", detail: expect.stringMatching(/3/) }]);
  });

  it("refuses an unknown parameter (a misspelt filter must not quietly return everything)", () => {
    const result = validate(query, { stauts: "Subscribed" }, "query");
    expect(result.ok ? [] : result.errors).toEqual([
      {
        in: "query",
        parameter: "stauts",
        detail: "Unknown parameter: not accepted here. Remove it, or check its spelling (accepted: status, limit).",
      },
    ]);
    const none = validate(z.strictObject({}), { q: "x" }, "query");
    expect(none.ok ? [] : none.errors).toEqual([
      { in: "query", parameter: "q", detail: "Unknown parameter: this endpoint takes no query parameters. Remove it." },
    ]);
  });

  it("coerces as the schema says", () => {
    expect(validate(query, { limit: "20" }, "query")).toEqual({ ok: true, data: { limit: 20 } });
    expect(validate(z.object({ id: z.uuid() }), { id: "nope" }, "path")).toMatchObject({
      ok: false,
      errors: [{ in: "path", parameter: "id" }],
    });
  });
});

describe("assertRefusesUnknownKeys", () => {
  it("refuses a plain z.object anywhere in the schema, which would silently drop unknown fields", () => {
    expect(() => assertRefusesUnknownKeys(z.object({ a: z.string() }), "body")).toThrow(/z\.strictObject/);
    expect(() =>
      assertRefusesUnknownKeys(z.strictObject({ items: z.array(z.object({ b: z.string() })).optional() }), "body"),
    ).toThrow(/z\.strictObject/);
    expect(() =>
      assertRefusesUnknownKeys(z.strictObject({ u: z.union([z.string(), z.object({})]) }), "body"),
    ).toThrow();
  });

  it("accepts strict objects, and loose ones (an explicit choice to ignore extra keys)", () => {
    expect(() =>
      assertRefusesUnknownKeys(z.strictObject({ a: z.strictObject({ b: z.array(z.string()) }).nullable() }), "body"),
    ).not.toThrow();
    expect(() => assertRefusesUnknownKeys(z.looseObject({}), "query")).not.toThrow();
  });
});
