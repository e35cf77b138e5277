import { describe, expect, it } from "vitest";
import { countText } from "./count-text";

const noun = { one: "subscription", many: "subscriptions" };

describe("countText", () => {
  it.each([
    [{ count: 0, capped: false }, false, "No subscriptions"],
    [{ count: 0, capped: false }, true, "No subscriptions match"],
    [{ count: 1, capped: false }, false, "1 subscription"],
    [{ count: 1, capped: false }, true, "1 subscription matches"],
    [{ count: 30, capped: false }, true, "30 subscriptions match"],
    [{ count: 1000, capped: false }, false, "1,000 subscriptions"],
    [{ count: 1000, capped: true }, false, "More than 1,000 subscriptions"],
    [{ count: 1000, capped: true }, true, "More than 1,000 subscriptions match"],
  ])("%o, filtered %s: %s", (matches, filtered, text) => {
    expect(countText(matches, filtered, noun)).toBe(text);
  });
});
