import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, listQueryParams, parseListQuery } from "./admin-subscriptions-params";

const parse = (params: string) => parseListQuery(new URLSearchParams(params));

describe("parseListQuery", () => {
  it("gives the defaults for an empty URL", () => {
    expect(parse("")).toEqual({ query: { terms: [], sort: "purchased", dir: "desc", size: 25 }, notices: [] });
  });

  it("reads every parameter", () => {
    const { query, notices } = parse("q=Alice%20Contoso&status=Subscribed&plan=cloud/pro-seats&test=no&trial=yes&csp=no&activation=pending&sort=seats&dir=asc&size=50");
    expect(notices).toEqual([]);
    expect(query).toEqual({ terms: ["alice", "contoso"], status: "Subscribed", plan: { offerId: "cloud", planId: "pro-seats" }, test: "no", trial: "yes", csp: "no", activation: "pending", sort: "seats", dir: "asc", size: 50 });
  });

  it("drops malformed values one by one, saying so, and never throws", () => {
    const { query, notices } = parse("status=Bogus&sort=price&dir=up&size=7&test=maybe&plan=nope&offer=%3Cscript%3E&q=ok");
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
    expect(parse(`sort=name&after=${cursor}`).query.after).toEqual({ sort: "name", dir: "asc", value: "alpha", id: "x" });
    const other = parse(`sort=seats&after=${cursor}`);
    expect(other.query.after).toBeUndefined();
    expect(other.notices[0]).toMatch(/first page/);
    expect(parse("after=!!notbase64").query.after).toBeUndefined();
    expect(decodeCursor(encodeCursor({ sort: "seats", dir: "asc", value: "ten", id: "x" }), "seats", "asc")).toBeUndefined();
    expect(decodeCursor(encodeCursor({ sort: "purchased", dir: "desc", value: null, id: "x" }), "purchased", "desc")).toEqual({ sort: "purchased", dir: "desc", value: null, id: "x" });
  });

  it("round-trips through listQueryParams, leaving defaults out", () => {
    const url = "q=alice&status=Subscribed&offer=cloud&plan=cloud%2Fbasic&csp=yes&sort=name&dir=desc&size=100";
    const { query } = parse(url);
    expect(listQueryParams(query).toString()).toBe(url);
    expect(listQueryParams(parse("sort=purchased&dir=desc&size=25").query).toString()).toBe("");
  });
});
