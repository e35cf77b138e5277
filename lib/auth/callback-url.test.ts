import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps paths inside the portal, purchase token included", () => {
    expect(safeCallbackUrl("/?token=ab%2Bcd%2Fef")).toBe("/?token=ab%2Bcd%2Fef");
    expect(safeCallbackUrl("/admin/subscriptions")).toBe("/admin/subscriptions");
  });

  it.each(["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "", undefined])("refuses %s", (value) => {
    expect(safeCallbackUrl(value)).toBe("/");
  });
});
