import { describe, expect, it } from "vitest";
import { inboxList } from "./webhook-inbox";

const parse = (params: string) => inboxList.parse(new URLSearchParams(params));
const cursor = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("inboxList", () => {
  it("reads the 'Needs attention' filter (pages read exactly the codec's parameters, attention included)", () => {
    expect(inboxList.names).toEqual(["status", "attention", "subscription", "cursor"]);
    expect(parse("attention=1").state.attention).toBe(true);
  });

  it("gives the whole inbox, newest first, for an empty address", () => {
    expect(parse("")).toEqual({ state: { attention: false }, notices: [] });
    expect(inboxList.hrefFor(parse("").state)).toBe("/admin/webhooks");
  });

  it("round-trips every parameter", () => {
    const url = `status=Failed&attention=1&subscription=sub-1&cursor=${cursor}`;
    const { state, notices } = parse(url);
    expect(notices).toEqual([]);
    expect(state).toEqual({ status: "Failed", attention: true, subscription: "sub-1", cursor });
    expect(inboxList.toParams(state).toString()).toBe(url);
  });

  it("drops malformed values one by one, saying so", () => {
    const { state, notices } = parse(`status=Bogus&attention=yes&subscription=${"x".repeat(101)}&cursor=42`);
    expect(state).toEqual({ attention: false });
    expect(notices).toHaveLength(4);
    expect(notices).toContain("The page link is not valid: showing the newest deliveries.");
  });

  it("trims the subscription id, as the form may send it with spaces", () => {
    expect(parse("subscription=%20sub-1%20").state.subscription).toBe("sub-1");
  });

  it("links: a status starts again from the newest deliveries and keeps the subscription; the next page keeps the filters", () => {
    const { state } = parse(`status=Failed&subscription=sub-1&cursor=${cursor}`);
    expect(inboxList.hrefFor(state, { status: undefined, attention: true })).toBe(
      "/admin/webhooks?attention=1&subscription=sub-1",
    );
    expect(inboxList.hrefFor(state, { cursor: "next-id" })).toBe(
      "/admin/webhooks?status=Failed&subscription=sub-1&cursor=next-id",
    );
  });
});
