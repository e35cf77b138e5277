import { describe, expect, it } from "vitest";
import {
  decodeCursor,
  encodeCursor,
  exportHref,
  listQueryParams,
  parseListQuery,
  subscriptionList,
} from "./subscriptions";

const parse = (params: string) => parseListQuery(new URLSearchParams(params));

describe("parseListQuery", () => {
  it("gives the defaults for an empty URL", () => {
    expect(parse("")).toEqual({ query: { terms: [], sort: "purchased", dir: "desc", size: 25 }, notices: [] });
  });

  it("reads every parameter", () => {
    const { query, notices } = parse(
      "q=Alice%20Contoso&status=Subscribed&plan=cloud/pro-seats&test=no&trial=yes&csp=no&activation=pending&sort=seats&dir=asc&size=50",
    );
    expect(notices).toEqual([]);
    expect(query).toEqual({
      terms: ["alice", "contoso"],
      status: "Subscribed",
      plan: { offerId: "cloud", planId: "pro-seats" },
      test: "no",
      trial: "yes",
      csp: "no",
      activation: "pending",
      sort: "seats",
      dir: "asc",
      size: 50,
    });
  });

  it("drops malformed values one by one, saying so, and never throws", () => {
    const { query, notices } = parse(
      "status=Bogus&sort=price&dir=up&size=7&test=maybe&plan=nope&offer=%3Cscript%3E&q=ok",
    );
    expect(query).toEqual({ terms: ["ok"], sort: "purchased", dir: "desc", size: 25 });
    expect(notices).toHaveLength(7);
    expect(notices.join(" ")).toMatch(/status filter/);
  });

  it("accepts repeated parameters (the first counts) and Next's record form", () => {
    expect(parseListQuery({ status: ["Suspended", "Subscribed"], q: undefined }).query.status).toBe("Suspended");
  });

  it("defaults the direction by sort: names A to Z, dates newest first", () => {
    expect(parse("sort=name").query.dir).toBe("asc");
    expect(parse("sort=created").query.dir).toBe("desc");
  });

  it("keeps at most five search words", () => {
    const { query, notices } = parse("q=a b c d e f g");
    expect(query.terms).toEqual(["a", "b", "c", "d", "e"]);
    expect(notices).toHaveLength(1);
  });

  it("ignores a cursor written for another sort, or tampered with", () => {
    const cursor = encodeCursor({ sort: "name", dir: "asc", value: "alpha", id: "x" });
    expect(parse(`sort=name&after=${cursor}`).query.after).toEqual({
      sort: "name",
      dir: "asc",
      value: "alpha",
      id: "x",
    });
    const other = parse(`sort=seats&after=${cursor}`);
    expect(other.query.after).toBeUndefined();
    expect(other.notices[0]).toMatch(/first page/);
    expect(parse("after=!!notbase64").query.after).toBeUndefined();
    expect(
      decodeCursor(encodeCursor({ sort: "seats", dir: "asc", value: "ten", id: "x" }), "seats", "asc"),
    ).toBeUndefined();
    expect(
      decodeCursor(encodeCursor({ sort: "purchased", dir: "desc", value: null, id: "x" }), "purchased", "desc"),
    ).toEqual({ sort: "purchased", dir: "desc", value: null, id: "x" });
  });

  it("round-trips through listQueryParams, leaving defaults out", () => {
    const url = "q=alice&status=Subscribed&offer=cloud&plan=cloud%2Fbasic&csp=yes&sort=name&dir=desc&size=100";
    const { query } = parse(url);
    expect(listQueryParams(query).toString()).toBe(url);
    expect(listQueryParams(parse("sort=purchased&dir=desc&size=25").query).toString()).toBe("");
  });
});

describe("cursors that would fail the query (edited links)", () => {
  const cursor = (sort: string, dir: string, value: unknown, id = "x") =>
    Buffer.from(JSON.stringify([sort, dir, value, id])).toString("base64url");

  it.each([
    ["a number Date.parse takes but PostgreSQL refuses", "1"],
    ["a day that does not exist", "2024-02-30T00:00:00.000Z"],
    ["year 0", "0000-01-01T00:00:00.000Z"],
    ["another date format", "Tue, 01 Jan 2000 00:00:00 GMT"],
  ])("refuses a date cursor with %s", (_case, value) => {
    const { query, notices } = parse(`sort=purchased&dir=desc&after=${cursor("purchased", "desc", value)}`);
    expect(query.after).toBeUndefined();
    expect(notices).toEqual(["The page link no longer matches this sort: showing the first page."]);
  });

  it("accepts the dates it writes", () => {
    expect(
      parse(`sort=created&dir=asc&after=${cursor("created", "asc", "2024-02-29T10:00:00.000Z")}`).query.after?.value,
    ).toBe("2024-02-29T10:00:00.000Z");
  });

  it.each([2 ** 31, -(2 ** 31) - 1, 1e300])("refuses a seat count outside a 32-bit integer: %s", (value) => {
    expect(parse(`sort=seats&dir=desc&before=${cursor("seats", "desc", value)}`).query.before).toBeUndefined();
  });

  it("refuses NUL in a name or an id, and drops control characters from parameters", () => {
    expect(parse(`sort=name&dir=asc&after=${cursor("name", "asc", "a\u0000b")}`).query.after).toBeUndefined();
    expect(parse(`sort=name&dir=asc&after=${cursor("name", "asc", "ab", "x\u0000")}`).query.after).toBeUndefined();
    expect(parse("q=a%00b").query.terms).toEqual(["ab"]);
  });
});

describe("links of the subscription list", () => {
  const after = { sort: "name", dir: "asc", value: "alpha", id: "x" } as const;

  it("a change of filter or sort starts again from the first page; a cursor change keeps the filters", () => {
    const { query } = parse(`q=alice&sort=name&dir=asc&after=${encodeCursor(after)}`);
    expect(subscriptionList.hrefFor(query)).toBe("/admin/subscriptions?q=alice&sort=name&dir=asc");
    expect(subscriptionList.hrefFor(query, { status: "Suspended" })).toBe(
      "/admin/subscriptions?q=alice&status=Suspended&sort=name&dir=asc",
    );
    expect(subscriptionList.hrefFor(query, { before: after, after: undefined })).toBe(
      `/admin/subscriptions?q=alice&sort=name&dir=asc&before=${encodeCursor(after)}`,
    );
  });

  it("the export link carries the search, filters and order, never the cursor or page size", () => {
    const { query } = parse(`q=alice&csp=yes&sort=name&dir=asc&size=10&after=${encodeCursor(after)}`);
    expect(exportHref(query)).toBe("/admin/subscriptions/export?q=alice&csp=yes&sort=name&dir=asc");
    expect(parseListQuery(new URL(exportHref(query), "http://x").searchParams).query).toEqual({
      ...query,
      size: 25,
      after: undefined,
    });
  });

  it("drops an offer filter that the chosen plan contradicts, saying so", () => {
    const { query, notices } = parse("offer=other&plan=cloud/basic");
    expect(query.offerId).toBeUndefined();
    expect(query.plan).toEqual({ offerId: "cloud", planId: "basic" });
    expect(notices).toEqual([
      "The plan basic chosen belongs to the offer cloud, not other: the offer filter was ignored.",
    ]);
  });

  it("keeps one cursor when a link has both (after wins)", () => {
    const { query } = parse(`sort=name&dir=asc&after=${encodeCursor(after)}&before=${encodeCursor(after)}`);
    expect(query.after).toEqual(after);
    expect(query.before).toBeUndefined();
  });

  it("reads exactly the list's parameters, in the order of its links", () => {
    expect(subscriptionList.names).toEqual([
      "q",
      "status",
      "offer",
      "plan",
      "test",
      "trial",
      "csp",
      "activation",
      "provisioning",
      "sort",
      "dir",
      "size",
      "after",
      "before",
    ]);
  });
});
