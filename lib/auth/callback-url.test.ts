import { describe, expect, it } from "vitest";
import { redirectTarget, safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps paths inside the portal, purchase token included", () => {
    expect(safeCallbackUrl("/?token=ab%2Bcd%2Fef")).toBe("/?token=ab%2Bcd%2Fef");
    expect(safeCallbackUrl("/admin/subscriptions")).toBe("/admin/subscriptions");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "",
    undefined,
  ])("refuses %s", (value) => {
    expect(safeCallbackUrl(value)).toBe("/");
  });
});

describe("redirectTarget (next-auth's redirect callback)", () => {
  const base = "http://localhost:3000";

  it("follows paths and absolute URLs inside the portal", () => {
    expect(redirectTarget("/admin", base)).toEqual({ target: "http://localhost:3000/admin", refused: false });
    expect(redirectTarget("http://localhost:3000/landing/done?subscription=x", base)).toEqual({
      target: "http://localhost:3000/landing/done?subscription=x",
      refused: false,
    });
  });

  it.each([
    "//host/x",
    "///host/x",
    "/\\host",
    "https://evil.example/",
    "http://localhost:3000.evil.example/",
    "not a url",
    "",
  ])("sends %s home instead of throwing", (url) => {
    expect(redirectTarget(url, base)).toEqual({ target: base, refused: true });
  });
});
