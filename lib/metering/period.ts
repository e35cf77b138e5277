/**
 * The admin usage page's period: whole UTC days, `from` to `to` inclusive (YYYY-MM-DD), the last two days
 * unless given; at most 92 days, so that a page or an export stays a bounded read.
 */

const DAY_MS = 24 * 3600_000;
const MAX_DAYS = 92;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type UsagePeriod = { from: Date; to: Date; fromText: string; toText: string };

const parseDay = (text: string | undefined): Date | undefined => {
  if (!text || !DATE.test(text)) return undefined;
  const at = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(at) ? undefined : new Date(at);
};

export function usagePeriod(input: { from?: string; to?: string }, now = new Date()): UsagePeriod {
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const last = parseDay(input.to) ?? today;
  let first = parseDay(input.from) ?? new Date(last.getTime() - DAY_MS);
  if (first > last) first = last;
  if (last.getTime() - first.getTime() > (MAX_DAYS - 1) * DAY_MS)
    first = new Date(last.getTime() - (MAX_DAYS - 1) * DAY_MS);
  return {
    from: first,
    to: new Date(last.getTime() + DAY_MS),
    fromText: first.toISOString().slice(0, 10),
    toText: last.toISOString().slice(0, 10),
  };
}
