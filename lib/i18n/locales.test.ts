import { describe, expect, it } from "vitest";
import { isLocale, negotiateLocale, PSEUDO_LOCALE, textDirection } from "./locales";

describe("negotiateLocale: Accept-Language → a shipped locale", () => {
  it.each([
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["de-AT", "de"],
    ["zh-TW,zh;q=0.9", "zh-TW"],
    ["zh-Hant-HK", "zh-TW"],
    ["zh-HK", "zh-TW"],
    ["ja-JP", "ja"],
    ["fr-CA,fr;q=0.9", "fr"],
    ["es-419", "es"],
    ["en-US,en;q=0.9", "en"],
    // Simplified Chinese is not shipped: Traditional is not a substitute, the next choice wins.
    ["zh-CN,zh;q=0.9,ja;q=0.8", "ja"],
    // Quality values, not order, decide.
    ["fr;q=0.5, es;q=0.8", "es"],
    ["it-IT, de;q=0.1", "de"],
    ["de;q=0, fr", "fr"],
  ] as const)("%s → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it.each(["", "*", "it-IT, pt-BR", "zh-CN", "garbage;;;"])(
    "%j → none (the caller falls back to English)",
    (header) => {
      expect(negotiateLocale(header)).toBeUndefined();
    },
  );
});

describe("isLocale", () => {
  it("accepts shipped locales, and the pseudo-locale only where enabled", () => {
    expect(isLocale("zh-TW", false)).toBe(true);
    expect(isLocale("zh-tw", false)).toBe(false);
    expect(isLocale(PSEUDO_LOCALE, false)).toBe(false);
    expect(isLocale(PSEUDO_LOCALE, true)).toBe(true);
    expect(isLocale("__proto__", true)).toBe(false);
  });

  it("writes every shipped language left to right", () => {
    expect(textDirection("de")).toBe("ltr");
    expect(textDirection("ar-EG")).toBe("rtl");
  });
});
