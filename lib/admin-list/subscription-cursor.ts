import { z } from "zod";
import {
  SORT_KEYS,
  SUBSCRIPTION_STATUSES,
  type Cursor,
  type SortDir,
  type SortKey,
} from "@/lib/data/admin-subscriptions-params";

/**
 * The subscription list's keyset cursor in a link: the sort, its direction, the row's sort value and id,
 * as base64url JSON. A cursor from a link is only used when it is exactly what this code writes, since its
 * value goes into the query: anything PostgreSQL would refuse must stop here, not fail the page.
 */

// PostgreSQL refuses NUL in text: a cursor holding one (an edited link) must not reach a query.
const text = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((v) => !v.includes("\u0000"));
// Seats are a 32-bit integer column: a larger number in a cursor would fail the query's cast.
const seats = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);
const cursorSchema = z.tuple([
  z.enum(SORT_KEYS),
  z.enum(["asc", "desc"]),
  z.union([text(0, 400), seats, z.null()]),
  text(1, 200),
]);

/** Exactly what cursorOf writes (Date#toISOString), and a real date: `Date.parse` also takes "1" or "2024-02-30", which PostgreSQL refuses. */
function isIsoTimestamp(value: string): boolean {
  // Four-digit years from 0001 (PostgreSQL has no year 0).
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) || value.startsWith("0000")) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

function valueFits(sort: SortKey, value: string | number | null): boolean {
  switch (sort) {
    case "purchased":
      return value === null || (typeof value === "string" && isIsoTimestamp(value));
    case "created":
      return typeof value === "string" && isIsoTimestamp(value);
    case "name":
      return typeof value === "string";
    case "status":
      return typeof value === "string" && (SUBSCRIPTION_STATUSES as readonly string[]).includes(value);
    case "seats":
      return value === null || typeof value === "number";
  }
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.dir, c.value, c.id])).toString("base64url");
}

/** The cursor, or undefined when it is not one this code wrote for this sort (a stale or edited link). */
export function decodeCursor(raw: string, sort: SortKey, dir: SortDir): Cursor | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const [s, d, value, id] = parsed.data;
  if (s !== sort || d !== dir || !valueFits(s, value)) return undefined;
  return { sort: s, dir: d, value, id };
}
