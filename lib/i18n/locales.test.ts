import { describe, expect, it } from "vitest";
import { isLocale, languageTagOrNull, negotiateLocale, pickLocale, PSEUDO_LOCALE, textDirection } from "./locales";

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

describe("pickLocale: cookie → account (xms_pl) → tenant (xms_tpl) → Accept-Language → en", () => {
  const browser = "en-US,en;q=0.9";
  it.each([
    ["the switcher's cookie wins over everything", { cookie: "fr", userLanguage: "ja", tenantLanguage: "de" }, "fr"],
    [
      "the account's language wins over the tenant's and the browser's",
      { userLanguage: "ja-JP", tenantLanguage: "de" },
      "ja",
    ],
    ["the tenant's language when the account has none", { userLanguage: null, tenantLanguage: "de-DE" }, "de"],
    [
      "an account language we don't ship falls through to the tenant's",
      { userLanguage: "it-IT", tenantLanguage: "es" },
      "es",
    ],
    ["Traditional Chinese from the account as from the browser", { userLanguage: "zh-Hant-TW" }, "zh-TW"],
    ["Simplified Chinese is not shipped: the browser decides", { userLanguage: "zh-CN" }, "en"],
    ["no account preference: the browser", { acceptLanguage: "de-CH,de;q=0.8" }, "de"],
    ["an unknown cookie is ignored", { cookie: "xx", userLanguage: "es" }, "es"],
    ["a malformed claim is ignored", { userLanguage: "ja;drop table", tenantLanguage: "ja_JP" }, "en"],
    ["nothing at all: English", {}, "en"],
  ] as const)("%s", (_, signals, expected) => {
    expect(pickLocale({ acceptLanguage: browser, ...signals }, false)).toBe(expected);
  });

  it("the pseudo-locale only from the cookie, and only where enabled", () => {
    expect(pickLocale({ cookie: PSEUDO_LOCALE }, true)).toBe(PSEUDO_LOCALE);
    expect(pickLocale({ cookie: PSEUDO_LOCALE }, false)).toBe("en");
    expect(pickLocale({ userLanguage: PSEUDO_LOCALE }, true)).toBe("en");
  });
});

describe("languageTagOrNull: what the session keeps of xms_pl / xms_tpl", () => {
  it.each(["ja", "de-DE", "zh-Hant-TW", "es-419"])("keeps %s", (tag) => expect(languageTagOrNull(tag)).toBe(tag));
  it.each([["x".repeat(40)], ["en US"], ["<script>"], [""], [42], [null], [["ja"]]])("drops %j", (value) =>
    expect(languageTagOrNull(value)).toBeNull(),
  );
});
