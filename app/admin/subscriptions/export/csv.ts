/**
 * CSV as spreadsheets read it (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or
 * line break in double quotes, quotes doubled), guarded against formula injection: a buyer chooses their
 * subscription's name, so a cell such as `=HYPERLINK(…)` must stay text. Cells starting with = + - @
 * (or a tab or carriage return, which some spreadsheets skip before them) get a leading apostrophe,
 * as OWASP recommends.
 */

export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: text guarded and quoted as needed; numbers, booleans and dates written plainly (ISO 8601, UTC). */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** Byte order mark: without it, Excel reads a UTF-8 file as the local code page and garbles accents. */
export const UTF8_BOM = "\uFEFF";
