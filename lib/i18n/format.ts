/** Formatting for what buyers and admins read: dates in UTC (Microsoft's terms are UTC dates), money by currency. */

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export function formatDate(date: Date | null | undefined): string {
  return date ? dateFormat.format(date) : "—";
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

const TERMS: Record<string, string> = {
  P1M: "month",
  P1Y: "year",
  P2Y: "2 years",
  P3Y: "3 years",
  P4Y: "4 years",
  P5Y: "5 years",
};

/** "month", "year", "2 years"… for Microsoft's ISO 8601 term units; the raw value for one we do not know. */
export function formatTerm(termUnit: string | null | undefined): string {
  return termUnit ? (TERMS[termUnit] ?? termUnit) : "—";
}
