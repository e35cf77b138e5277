import { describe, expect, it } from "vitest";
import { hrefWith, normalizeParams } from "./query";

describe("normalizeParams", () => {
  it("keeps single values as they are and reports nothing", () => {
    expect(normalizeParams({ q: "alice", other: "x" }, ["q", "status"])).toEqual({
      values: { q: "alice" },
      repeated: [],
      cleaned: [],
    });
  });

  it("keeps the first value of a repeated parameter and names it", () => {
    expect(normalizeParams({ q: ["a", "b"], status: "Subscribed" }, ["q", "status"])).toEqual({
      values: { q: "a", status: "Subscribed" },
      repeated: ["q"],
      cleaned: [],
    });
  });

  it("removes control characters (PostgreSQL refuses NUL) and names the parameter", () => {
    expect(normalizeParams({ q: "a\u0000b\tc" }, ["q"])).toEqual({
      values: { q: "abc" },
      repeated: [],
      cleaned: ["q"],
    });
  });

  it("never reads inherited properties as parameters", () => {
    expect(normalizeParams({}, ["constructor", "__proto__", "toString"])).toEqual({
      values: {},
      repeated: [],
      cleaned: [],
    });
  });
});

describe("hrefWith", () => {
  it("leaves out empty values and the question mark when nothing is left", () => {
    expect(hrefWith("/admin/people", { q: "a b", x: undefined, y: "" })).toBe("/admin/people?q=a+b");
    expect(hrefWith("/admin/people", {})).toBe("/admin/people");
  });
});
