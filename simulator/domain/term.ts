// Billing term dates: startDate = UTC day billing starts, endDate = last day of the term (renewal is the day after).
import type { TermUnit } from "../api-types";
import { DAY_MS, addUtcMonths, isoSeconds, startOfUtcDay } from "../core/clock";

const MONTHS: Record<TermUnit, number> = { P1M: 1, P1Y: 12, P2Y: 24, P3Y: 36, P4Y: 48, P5Y: 60 };

export function termDates(termUnit: TermUnit, start: Date): { startDate: string; endDate: string } {
  const startDay = startOfUtcDay(start);
  const end = new Date(addUtcMonths(startDay, MONTHS[termUnit]).getTime() - DAY_MS);
  return { startDate: isoSeconds(startDay), endDate: isoSeconds(end) };
}

/** The term after `endDate`: starts the next day. */
export function nextTerm(termUnit: TermUnit, endDate: string): { startDate: string; endDate: string } {
  return termDates(termUnit, new Date(new Date(endDate).getTime() + DAY_MS));
}
