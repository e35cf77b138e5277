import type { UsageHourView } from "@/lib/data/usage-admin";

/**
 * The usage export: one line per hour, RFC 4180 quoting. A cell that a spreadsheet would run as a formula
 * (=, +, -, @ first; values come from the ISV's application and from Microsoft) is prefixed with a quote.
 */

const COLUMNS = [
  "hourStart",
  "subscriptionId",
  "subscriptionName",
  "offerId",
  "planId",
  "dimension",
  "ingested",
  "included",
  "overage",
  "state",
  "status",
  "usageEventId",
  "acceptedQuantity",
  "reconStatus",
  "flagReason",
  "note",
] as const;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function usageCsv(rows: readonly UsageHourView[]): string {
  const lines = [COLUMNS.join(",")];
  for (const row of rows) lines.push(COLUMNS.map((c) => csvCell(row[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
