import { describe, expect, it } from "vitest";
import { landingUrlFor, normalizePurchaseToken } from "./purchase-token";

describe("normalizePurchaseToken", () => {
  it("keeps an already decoded token with + and / as is (never decodes twice)", () => {
    expect(normalizePurchaseToken("ab+cd/ef%2B==")).toBe("ab+cd/ef%2B==");
  });

  it("turns spaces back into + (a raw + decoded as a space on the way)", () => {
    expect(normalizePurchaseToken("ab cd/ef")).toBe("ab+cd/ef");
  });

  it("keeps a + at either end that was decoded as a space (trimming must not eat it)", () => {
    expect(normalizePurchaseToken(" ab+cd==")).toBe("+ab+cd==");
    expect(normalizePurchaseToken("ab/cd ")).toBe("ab/cd+");
    expect(normalizePurchaseToken("\n ab cd\t")).toBe("+ab+cd");
  });

  it("rejects empty and oversized values and takes the first of repeated parameters", () => {
    expect(normalizePurchaseToken("  ")).toBeUndefined();
    expect(normalizePurchaseToken(undefined)).toBeUndefined();
    expect(normalizePurchaseToken("x".repeat(8_001))).toBeUndefined();
    expect(normalizePurchaseToken(["first", "second"])).toBe("first");
  });
});

describe("landingUrlFor", () => {
  it("encodes + and / so that the round trip through sign-in gives the same token back", () => {
    const url = landingUrlFor("/", "ab+cd/ef==");
    expect(url).toBe("/?token=ab%2Bcd%2Fef%3D%3D");
    expect(new URL(url, "http://x").searchParams.get("token")).toBe("ab+cd/ef==");
  });
});
