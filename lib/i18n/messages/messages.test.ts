import { createTranslator, type IntlError } from "next-intl";
import { describe, expect, it } from "vitest";
import { LOCALES, PSEUDO_LOCALE, type Locale } from "../locales";
import { PSEUDO_CHARACTERS } from "../pseudo";
import { en } from "./en";
import { MESSAGES, messagesFor } from "./index";
import { notificationsEn } from "./notifications-en";
import { staffEn } from "./staff-en";

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as [dotted key, message]. */
function leaves(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );
}

/** The ICU argument names a message uses ({minutes}, {count, plural, …}): a translation must use the same. */
const argumentsOf = (message: string) => new Set([...message.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]));

// A value for every argument our messages take; a message with an argument not listed here fails to format.
const SAMPLE_VALUES = {
  count: 2,
  minutes: 5,
  max: 20,
  time: "10:00",
  role: "owner",
  age: "3 h",
  duration: "2 h",
  days: 30,
  price: "€1",
  term: "year",
  // account namespace
  account: "pat@contoso.example",
  name: "Pro",
  start: "Mar 1, 2026",
  end: "Mar 31, 2026",
  min: 1,
  from: 1,
  to: 12,
  option: "Enterprise",
  until: "Mar 4, 2026, 10:00 UTC",
  action: "Seat change",
};

function formatAll(locale: Locale) {
  const errors: string[] = [];
  const messages = messagesFor(locale);
  const t = createTranslator({
    locale,
    messages,
    timeZone: "UTC",
    onError: (error: IntlError) => errors.push(`${locale}: ${error.message}`),
  });
  const translate = t as unknown as (key: string, values: typeof SAMPLE_VALUES) => string;
  const out = leaves(messages).map(([key]) => [key, translate(key, SAMPLE_VALUES)] as const);
  return { errors, out };
}

describe("message files", () => {
  const enKeys = leaves(en).map(([key]) => key);

  it.each(LOCALES)("%s has every key of en and no other", (locale) => {
    expect(leaves(MESSAGES[locale]).map(([key]) => key)).toEqual(enKeys);
  });

  it.each(LOCALES)("%s: every message is non-empty ICU that formats, with en's arguments", (locale) => {
    const { errors, out } = formatAll(locale);
    expect(errors).toEqual([]);
    for (const [key, text] of out) expect(text.trim(), key).not.toBe("");
    const english = new Map(leaves(en));
    for (const [key, message] of leaves(MESSAGES[locale]))
      expect(argumentsOf(message), key).toEqual(argumentsOf(english.get(key)!));
  });

  it("a translation is not a copy of the English text (a forgotten string would be)", () => {
    const english = new Map(leaves(en));
    // Short words that are the same in some languages (Plan, optional, No…) are fine; sentences are not.
    for (const locale of LOCALES.filter((l) => l !== "en"))
      for (const [key, message] of leaves(MESSAGES[locale]))
        if (message.length > 25) expect(message, `${locale} ${key}`).not.toBe(english.get(key));
  });

  it("the pseudo-locale is generated from en: same keys, accented, at least 30 % longer, still valid ICU", () => {
    const pseudo = leaves(messagesFor(PSEUDO_LOCALE));
    expect(pseudo.map(([key]) => key)).toEqual(enKeys);
    const english = new Map(leaves(en));
    for (const [key, message] of pseudo) {
      // A message that is only arguments ("{price} / {term}") has no letters of its own to accent.
      const hasOwnText = /\p{L}/u.test(english.get(key)!.replace(/\{\w+\}/g, ""));
      if (hasOwnText)
        expect(
          [...message].some((c) => PSEUDO_CHARACTERS.has(c)),
          key,
        ).toBe(true);
      expect(message.length, key).toBeGreaterThanOrEqual(Math.floor(english.get(key)!.length * 1.3));
      expect(argumentsOf(message), key).toEqual(argumentsOf(english.get(key)!));
    }
    expect(formatAll(PSEUDO_LOCALE).errors).toEqual([]);
  });
});

it.each([
  ["admin area", staffEn],
  ["staff notifications", notificationsEn],
] as const)("the %s's English strings are valid ICU too", (_, messages: Tree) => {
  const errors: string[] = [];
  const tag = (chunks: string[]) => chunks.join("");
  const values = {
    ...SAMPLE_VALUES,
    ...{ name: "n", plan: "p", status: "s", action: "a", reason: "r", what: "w", label: "l", on: "true" },
    ...{ date: "d", who: "w", keys: tag, code: tag, awaiting: tag, reference: tag, header: "h" },
    ...{ email: "e", sort: "s", order: "o", clear: tag, tenant: "t", object: "o" },
    // list, webhooks, reconciliation, subscriptionActions, peopleKeysSettings
    ...{ hint: "h", strong: tag, since: tag, attention: "yes", queued: "1", running: "0", n: "3", id: "i", total: 2 },
    ...{ shown: "5", ms: "12", operationId: "o", when: "w", repaired: "1", created: "0", fields: "f", planId: "p" },
    ...{ min: "1", bought: "b", until: "u", window: "w", state: "s", title: "t", busiest: "none", day: "d" },
    ...{ currency: "EUR", freeTrials: "0", plans: "o / p" },
    ...{ when: "w", ms: 5, queued: 2, kind: "k", records: 2, quantity: "1", strong: tag, outbox: tag },
  };
  const t = createTranslator({ locale: "en", messages, onError: (error) => errors.push(error.message) });
  const translate = t as unknown as (key: string, values: object) => string;
  for (const [key] of leaves(messages))
    expect(translate(key, { ...values, limit: 30, left: 2 }).trim(), key).not.toBe("");
  expect(errors).toEqual([]);
});

it("the subscriptions list's caption and sort hints read as before", () => {
  const t = createTranslator({ locale: "en", messages: staffEn, namespace: "subscriptions" });
  expect(t("caption", { sort: t("sort.name.label"), order: t("sort.name.asc") })).toBe(
    "Subscriptions, sorted by name, A to Z",
  );
});

it("admin plurals and selects", () => {
  const t = createTranslator({ locale: "en", messages: staffEn, namespace: "overview" });
  expect(t("pendingText", { count: 1 })).toMatch(/^1 purchase waits for activation/);
  expect(t("pendingText", { count: 1200 })).toMatch(/^1,200 purchases wait for activation/);
  const settings = createTranslator({ locale: "en", messages: staffEn, namespace: "settings" });
  expect(settings("saved", { on: "true" })).toBe("Saved: the provisioning gate is on.");
  expect(settings("saved", { on: "false" })).toBe("Saved: the provisioning gate is off.");
});

describe("plurals per locale", () => {
  const seats = (locale: Locale, count: number) =>
    createTranslator({ locale, messages: messagesFor(locale), namespace: "landing" })("seatCount", { count });

  it.each([
    ["en", 1, "1 seat"],
    ["en", 12, "12 seats"],
    ["de", 1, "1 Lizenz"],
    ["de", 1234, "1.234 Lizenzen"],
    ["fr", 0, "0 licence"], // French: 0 and 1 are singular
    ["fr", 2, "2 licences"],
    ["es", 1, "1 licencia"],
    ["es", 5, "5 licencias"],
    ["ja", 1, "1 ライセンス"],
    ["zh-TW", 12, "12 個授權"],
  ] as const)("%s, %i seats → %s", (locale, count, expected) => {
    expect(seats(locale, count)).toBe(expected);
  });

  it.each([
    ["en", "Change from 1 to 12 seats? Microsoft adjusts your bill for the current term."],
    ["de", "Von 1 Lizenz auf 1.234 Lizenzen ändern? Microsoft passt Ihre Rechnung für die aktuelle Laufzeit an."],
    ["fr", "Passer de 1 licence à 1\u202f234 licences ? Microsoft ajuste votre facture pour la période en cours."],
    ["ja", "1 ライセンスから1,234 ライセンスに変更しますか? Microsoft が現在の期間の請求を調整します。"],
  ] as const)("account seat change in %s: each count with its own plural", (locale, expected) => {
    const t = createTranslator({ locale, messages: messagesFor(locale), namespace: "account.seats" });
    expect(t("confirmText", { from: 1, to: locale === "en" ? 12 : 1234 })).toBe(expected);
  });

  it("minutes to wait, singular and plural", () => {
    const t = createTranslator({ locale: "de", messages: messagesFor("de"), namespace: "landing" });
    expect(t("rateLimitedWait", { minutes: 1 })).toBe("Warten Sie 1 Minute, und versuchen Sie es dann erneut.");
    expect(t("rateLimitedWait", { minutes: 15 })).toBe("Warten Sie 15 Minuten, und versuchen Sie es dann erneut.");
  });
});
