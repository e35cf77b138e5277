import { describe, expect, it } from "vitest";
import { landingUrlFor, normalizePurchaseToken, singleQueryValue } from "./purchase-token";

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

  it("rejects empty and oversized values", () => {
    expect(normalizePurchaseToken("  ")).toBeUndefined();
    expect(normalizePurchaseToken(undefined)).toBeUndefined();
    expect(normalizePurchaseToken("x".repeat(8_001))).toBeUndefined();
  });
});

describe("landingUrlFor", () => {
  it("encodes + and / so that the round trip through sign-in gives the same token back", () => {
    const url = landingUrlFor("/", "ab+cd/ef==");
    expect(url).toBe("/?token=ab%2Bcd%2Fef%3D%3D");
    expect(new URL(url, "http://x").searchParams.get("token")).toBe("ab+cd/ef==");
  });
});

describe("singleQueryValue", () => {
  it("accepts an absent or single value and refuses a repeated parameter (which one was meant is unknowable)", () => {
    expect(singleQueryValue(undefined)).toEqual({ ok: true, value: undefined });
    expect(singleQueryValue("a")).toEqual({ ok: true, value: "a" });
    expect(singleQueryValue(["a"])).toEqual({ ok: true, value: "a" });
    expect(singleQueryValue(["a", "b"])).toEqual({ ok: false, count: 2 });
    expect(singleQueryValue(["a", "a"])).toEqual({ ok: false, count: 2 });
  });
});
