/**
 * Formatting for what buyers and admins read, in their locale: dates in UTC (Microsoft's terms are UTC dates),
 * money in the currency Microsoft quoted, never converted (de: `1.234,56 €`, ja: `￥1,235`, en: `€1,234.56`).
 * The admin area calls these without a locale: English. No message tree is imported here: client components
 * of the buyer pages use this file, and the tree would ride along in their bundle (format-staff.ts has one).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    const timeStyle = withTime ? ("short" as const) : undefined;
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle, timeZone: "UTC" });
    dateFormats.set(key, format);
  }
  return format;
}

/** A day; a string is an ISO date as it crossed to a client component. */
export function formatDate(date: Date | string | null | undefined, locale = "en"): string {
  return date ? cachedFormat(locale, false).format(new Date(date)) : "—";
}

/** A moment, marked UTC: the 72-hour cancellation limit is an instant, and the buyer's zone is unknown here. */
export function formatDateTime(date: Date | string, locale = "en"): string {
  return `${cachedFormat(locale, true).format(new Date(date))} UTC`;
}

export function formatMoney(amount: number, currency: string, locale = "en"): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
  } catch {
    // Not an ISO 4217 code Intl knows: show what Microsoft sent rather than nothing.
    return `${amount} ${currency}`;
  }
}

const TERM_UNITS = ["P1M", "P1Y", "P2Y", "P3Y", "P4Y", "P5Y"] as const;
export type TermUnit = (typeof TERM_UNITS)[number];

/** Microsoft's ISO 8601 term units we have words for (messages `terms.*`); any other is shown as sent. */
export function isKnownTermUnit(termUnit: string): termUnit is TermUnit {
  return (TERM_UNITS as readonly string[]).includes(termUnit);
}

/** A term unit in the buyer's words: `name` reads messages `terms.*` (next-intl's getTranslations("terms")). */
export function termLabel(termUnit: string | null | undefined, name: (unit: TermUnit) => string): string {
  return termUnit ? (isKnownTermUnit(termUnit) ? name(termUnit) : termUnit) : "—";
}

/** A label for one of a fixed set of values Microsoft sends (statuses, actions); any other value is shown as sent. */
export function labelFor<K extends string>(value: string, known: readonly K[], name: (key: K) => string): string {
  return (known as readonly string[]).includes(value) ? name(value as K) : value;
}
