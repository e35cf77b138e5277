import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineListCodec, schemaField, type Field } from "./codec";

// A small list of its own (a colour filter, a page size with a default, a page number as its cursor), so
// that the codec's rules are shown apart from any real list's fields.
type Toy = { colour?: "red" | "blue"; size: number; page?: number; tag?: string };
const page: Field<Toy, number | undefined> = {
  param: "page",
  read: (raw, earlier) =>
    /^\d+$/.test(raw) && Number(raw) < 100 / (earlier.size ?? 10)
      ? { ok: true, value: Number(raw) }
      : { ok: false, notice: "stale page link" },
  fallback: () => undefined,
  write: (n) => (n === undefined ? undefined : String(n)),
};
const toy = defineListCodec<Toy>({
  path: "/toys",
  fields: {
    colour: schemaField("colour", z.enum(["red", "blue"]), "the colour filter"),
    size: schemaField(
      "size",
      z.coerce.number().refine((n) => [10, 50].includes(n)),
      "the page size",
      10,
    ),
    page,
    tag: schemaField("tag", z.string().trim().max(5), "the tag"),
  },
  cursors: ["page"],
  settle: (s, notice) => {
    if (s.tag === "none") {
      notice("tag none means no tag");
      s.tag = undefined;
    }
  },
});

describe("defineListCodec", () => {
  it("reads exactly its fields' parameters, in their order", () => {
    expect(toy.names).toEqual(["colour", "size", "page", "tag"]);
  });

  it("gives the defaults for an empty address, and a short link back", () => {
    expect(toy.parse({})).toEqual({ state: { size: 10 }, notices: [] });
    expect(toy.hrefFor(toy.parse({}).state)).toBe("/toys");
  });

  it("round-trips a state through its link, leaving defaults out", () => {
    const { state } = toy.parse(new URLSearchParams("tag=%20ab%20&page=1&colour=blue&size=50"));
    expect(state).toEqual({ colour: "blue", size: 50, page: 1, tag: "ab" });
    expect(toy.toParams(state).toString()).toBe("colour=blue&size=50&page=1&tag=ab");
    expect(toy.parse(toy.toParams(state)).state).toEqual(state);
    expect(toy.toParams({ size: 10 }).toString()).toBe("");
  });

  it("drops each bad value on its own with a notice naming it, keeping the good ones", () => {
    const { state, notices } = toy.parse({ colour: "green", size: "7", page: "x", tag: "toolong" });
    expect(state).toEqual({ size: 10 });
    expect(notices).toEqual([
      "Ignored the colour filter: “green” is not a valid value.",
      "Ignored the page size: “7” is not a valid value.",
      "stale page link",
      "Ignored the tag: “toolong” is not a valid value.",
    ]);
  });

  it("lets a later field read the earlier ones (a cursor checked against the page size)", () => {
    expect(toy.parse({ page: "9" }).state.page).toBe(9);
    expect(toy.parse({ size: "50", page: "9" })).toEqual({ state: { size: 50 }, notices: ["stale page link"] });
  });

  it("treats a blank parameter as absent, takes the first of a repeated one and drops control characters", () => {
    expect(toy.parse({ colour: "  ", tag: "" })).toEqual({ state: { size: 10 }, notices: [] });
    expect(toy.parse({ colour: ["red", "blue"] }).state.colour).toBe("red");
    expect(toy.parse({ tag: "a\u0000b" }).state.tag).toBe("ab");
    expect(toy.parse(new URLSearchParams("colour=blue&colour=red")).state.colour).toBe("blue");
  });

  it("applies the rules across fields after reading, with their notices (once each)", () => {
    expect(toy.parse({ tag: "none" })).toEqual({ state: { size: 10 }, notices: ["tag none means no tag"] });
  });

  it("hrefFor: a change of filter goes back to the first page; a change of cursor keeps the filters", () => {
    const { state } = toy.parse({ colour: "red", page: "4" });
    expect(toy.hrefFor(state)).toBe("/toys?colour=red");
    expect(toy.hrefFor(state, { colour: "blue" })).toBe("/toys?colour=blue");
    expect(toy.hrefFor(state, { page: 5 })).toBe("/toys?colour=red&page=5");
    expect(toy.hrefFor(state, { colour: undefined, page: 4 }, "/toys/export")).toBe("/toys/export?page=4");
  });
});
