/**
 * The languages the portal speaks and how a request's language is chosen: the buyer's choice (a cookie set by
 * the switcher) → the browser's Accept-Language → English. No locale in the URL: landing links come from
 * Microsoft and must keep working exactly as sent.
 */
export const LOCALES = ["en", "de", "zh-TW", "ja", "fr", "es"] as const;
/** Accented, ~30 % longer English, generated from en at run time; offered outside production only. */
export const PSEUDO_LOCALE = "en-XA";
export const DEFAULT_LOCALE = "en";
export const LOCALE_COOKIE = "NEXT_LOCALE";

export type ShippedLocale = (typeof LOCALES)[number];
export type Locale = ShippedLocale | typeof PSEUDO_LOCALE;

/** Each language named in itself, as buyers look for it in the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  de: "Deutsch",
  "zh-TW": "繁體中文",
  ja: "日本語",
  fr: "Français",
  es: "Español",
  [PSEUDO_LOCALE]: "Ƥşḗŭḓǿ",
};

/** The locales a request may use: the pseudo-locale only where it is enabled (never in production). */
export function availableLocales(pseudoEnabled: boolean): readonly Locale[] {
  return pseudoEnabled ? [...LOCALES, PSEUDO_LOCALE] : LOCALES;
}

export function isLocale(value: unknown, pseudoEnabled: boolean): value is Locale {
  return typeof value === "string" && availableLocales(pseudoEnabled).includes(value as Locale);
}

/** None of the shipped languages is written right to left; kept as a function so adding Arabic or Hebrew is one line. */
const RIGHT_TO_LEFT = new Set<string>(["ar", "he", "fa", "ur"]);
export function textDirection(locale: string): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(locale.split("-")[0]!.toLowerCase()) ? "rtl" : "ltr";
}

/** Maps one BCP 47 tag to a shipped locale: zh-TW, zh-HK and zh-Hant read Traditional Chinese; zh-CN does not. */
function matchTag(tag: string): ShippedLocale | undefined {
  const parts = tag.toLowerCase().split("-");
  const language = parts[0];
  if (language === "zh") {
    const traditional = parts.includes("hant") || parts.includes("tw") || parts.includes("hk") || parts.includes("mo");
    return traditional ? "zh-TW" : undefined;
  }
  return LOCALES.find((locale) => locale === language);
}

/**
 * A language preference as a token may carry it (Entra's `xms_pl` / `xms_tpl`): a short BCP 47 tag such as
 * `ja`, `de-DE` or `zh-Hant-TW`. Anything else is ignored, so it can neither bloat the session nor surprise Intl.
 */
export function languageTagOrNull(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 35) return null;
  return /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(value) ? value : null;
}

/** What a request says about its language, most specific first (lib/i18n/request.ts gathers it). */
export type LocaleSignals = {
  /** The buyer's pick in the switcher (cookie). */
  cookie?: string | null;
  /** The signed-in account's preferred language (`xms_pl`), then its tenant's (`xms_tpl`). */
  userLanguage?: string | null;
  tenantLanguage?: string | null;
  acceptLanguage?: string | null;
};

/** cookie → the account's language → its tenant's → Accept-Language → en. A language we don't ship falls through. */
export function pickLocale(signals: LocaleSignals, pseudoEnabled: boolean): Locale {
  if (isLocale(signals.cookie, pseudoEnabled)) return signals.cookie;
  for (const tag of [signals.userLanguage, signals.tenantLanguage]) {
    const match = languageTagOrNull(tag) && matchTag(tag!);
    if (match) return match;
  }
  return negotiateLocale(signals.acceptLanguage) ?? DEFAULT_LOCALE;
}

/** The best shipped locale for an Accept-Language header (quality values respected), or undefined. */
export function negotiateLocale(acceptLanguage: string | null | undefined): ShippedLocale | undefined {
  if (!acceptLanguage) return undefined;
  const ranked = acceptLanguage
    .split(",")
    .map((entry, index) => {
      const [tag = "", ...params] = entry.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const match = matchTag(tag);
    if (match) return match;
  }
  return undefined;
}
