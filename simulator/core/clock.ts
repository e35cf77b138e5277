// Marketplace time. Tests shift it to reach term ends, token expiry or the metering window without waiting.
// JWTs deliberately use the real clock (see README: a shifted JWT clock would break the portal's own checks).

export type Clock = {
  /** Current Marketplace time. */
  now(): Date;
  nowMs(): number;
  offsetMs(): number;
  setOffsetMs(offset: number): void;
};

export function createClock(initialOffsetMs = 0): Clock {
  let offset = initialOffsetMs;
  return {
    now: () => new Date(Date.now() + offset),
    nowMs: () => Date.now() + offset,
    offsetMs: () => offset,
    setOffsetMs: (value) => {
      offset = value;
    },
  };
}

/**
 * .NET-style timestamp with 7 fractional digits, as Microsoft's APIs print them
 * (e.g. "2020-01-12T13:19:35.3458658Z"), so portal parsers meet the real format.
 */
export function dotnetTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

/** "0001-01-01T00:00:00": .NET's DateTime.MinValue, which Microsoft prints for failed batch items. */
export const DOTNET_MIN_DATE = "0001-01-01T00:00:00";

/** UTC midnight of the given instant. */
export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Adds whole months, clamping the day (Jan 31 + 1 month = Feb 28/29), in UTC. */
export function addUtcMonths(date: Date, months: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** "2019-05-31T00:00:00Z" – whole-second UTC timestamp, as Microsoft prints term dates. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
