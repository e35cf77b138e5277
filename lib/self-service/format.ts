import { fill, type AccountMessages } from "@/lib/i18n/account-en";
import type { Price } from "./plans";

/**
 * Dates and prices on "Your subscription". English formats until the locale work takes them over; prices in
 * the currency Microsoft gave, never converted. Dates in UTC: Microsoft's terms are UTC dates.
 */

const LOCALE = "en";
const day = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone: "UTC" });
const moment = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const formatDay = (date: Date | string | null): string => (date ? day.format(new Date(date)) : "—");
export const formatMoment = (date: Date | string): string => `${moment.format(new Date(date))} UTC`;

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(LOCALE, { style: "currency", currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function formatTermUnit(t: AccountMessages, termUnit: string | null): string {
  return termUnit ? (t.terms[termUnit] ?? termUnit) : "—";
}

/** "€10.00 per seat / Monthly", or null when Microsoft gave no price. */
export function formatPrice(t: AccountMessages, price: Price | null, perSeat: boolean): string | null {
  if (!price) return null;
  const values = { price: formatMoney(price.amount, price.currency), term: formatTermUnit(t, price.termUnit) };
  return fill(perSeat ? t.plan.perSeat : t.plan.flat, values);
}
