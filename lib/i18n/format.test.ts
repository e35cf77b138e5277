import { describe, expect, it } from "vitest";
import { formatDate, formatMoney, termLabel } from "./format";
import { formatTerm } from "./format-staff";

// Intl separates amount and symbol with a no-break space (U+00A0), and French groups with a narrow one (U+202F).
const NBSP = "\u00a0";
const NNBSP = "\u202f";

describe("formatMoney: the currency Microsoft quoted, in the reader's locale, never converted", () => {
  it.each([
    ["de", "EUR", 1234.56, `1.234,56${NBSP}€`],
    ["fr", "EUR", 1234.56, `1${NNBSP}234,56${NBSP}€`],
    ["es", "EUR", 1234.56, `1234,56${NBSP}€`], // Spanish groups from five digits
    ["es", "EUR", 12345.6, `12.345,60${NBSP}€`],
    ["en", "EUR", 1234.56, "€1,234.56"],
    ["en", "USD", 12, "$12.00"],
    ["de", "USD", 12, `12,00${NBSP}$`],
    ["ja", "JPY", 1234.56, "￥1,235"], // yen have no minor unit
    ["ja", "EUR", 1234.56, "€1,234.56"],
    ["zh-TW", "TWD", 1234.56, "$1,234.56"],
    ["zh-TW", "USD", 1234.56, "US$1,234.56"],
  ] as const)("%s %s %d → %s", (locale, currency, amount, expected) => {
    expect(formatMoney(amount, currency, locale)).toBe(expected);
  });

  it("shows an unknown currency code as sent rather than failing", () => {
    expect(formatMoney(5, "XXXX", "de")).toBe("5 XXXX");
  });
});

describe("formatDate: Microsoft's UTC dates in the reader's locale", () => {
  // 23:30 UTC: a server in a zone east of UTC must not show the next day.
  const date = new Date("2026-03-01T23:30:00Z");
  it.each([
    ["en", "Mar 1, 2026"],
    ["de", "01.03.2026"],
    ["zh-TW", "2026年3月1日"],
    ["ja", "2026/03/01"],
    ["fr", "1 mars 2026"],
    ["es", "1 mar 2026"],
  ] as const)("%s → %s", (locale, expected) => {
    expect(formatDate(date, locale)).toBe(expected);
  });

  it("English by default (admin area) and a dash for no date", () => {
    expect(formatDate(date)).toBe("Mar 1, 2026");
    expect(formatDate(null, "de")).toBe("—");
  });
});

describe("term units", () => {
  it("names the units we know and shows any other as Microsoft sent it", () => {
    const german = { P1M: "Monat", P1Y: "Jahr" } as Record<string, string>;
    expect(termLabel("P1M", (unit) => german[unit] ?? unit)).toBe("Monat");
    expect(termLabel("P7D", () => "never called")).toBe("P7D");
    expect(termLabel(null, () => "never called")).toBe("—");
    expect(formatTerm("P3Y")).toBe("3 years");
  });
});
