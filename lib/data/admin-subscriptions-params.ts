import { z } from "zod";
import { withoutControlCharacters } from "@/lib/http/query";

/**
 * The admin subscription list's state, as it travels in the URL: search, filters, sort, page size and a
 * keyset cursor. Every parameter is parsed on its own, so one malformed value falls back to its default
 * (with a notice the page shows) instead of discarding the others or failing the request.
 */

export const SUBSCRIPTION_STATUSES = ["PendingFulfillmentStart", "Subscribed", "Suspended", "Unsubscribed", "NotStarted"] as const;
export type ListStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const SORT_KEYS = ["purchased", "created", "name", "status", "seats"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export type YesNo = "yes" | "no";

export type ListQuery = {
  /** Lower-cased search terms (every term must match). */
  terms: string[];
  status?: ListStatus;
  offerId?: string;
  /** Always with its offer: plan ids are unique per offer only. */
  plan?: { offerId: string; planId: string };
  test?: YesNo;
  trial?: YesNo;
  csp?: YesNo;
  activation?: "activated" | "pending";
  sort: SortKey;
  dir: SortDir;
  size: number;
  after?: Cursor;
  before?: Cursor;
};

/** A position in one sort order: the sort value of a row (null for unknown dates or seats) and its id. */
export type Cursor = { sort: SortKey; dir: SortDir; value: string | number | null; id: string };

export const DEFAULT_SORT: { sort: SortKey; dir: SortDir } = { sort: "purchased", dir: "desc" };
export const DEFAULT_SIZE = 25;
const MAX_TERMS = 5;

// Partner Center offer and plan ids: letters, digits, hyphens, underscores (50 characters at most).
const idPart = z.string().trim().regex(/^[A-Za-z0-9][\w.-]{0,99}$/);
const yesNo = z.enum(["yes", "no"]);

// PostgreSQL refuses NUL in text: a cursor holding one (an edited link) must not reach a query.
const text = (min: number, max: number) => z.string().min(min).max(max).refine((v) => !v.includes("\u0000"));
// Seats are a 32-bit integer column: a larger number in a cursor would fail the query's cast.
const seats = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
const cursorSchema = z.tuple([z.enum(SORT_KEYS), z.enum(["asc", "desc"]), z.union([text(0, 400), seats, z.null()]), text(1, 200)]);

/** Exactly what cursorOf writes (Date#toISOString), and a real date: `Date.parse` also takes "1" or "2024-02-30", which PostgreSQL refuses. */
function isIsoTimestamp(value: string): boolean {
  // Four-digit years from 0001 (PostgreSQL has no year 0).
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) || value.startsWith("0000")) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

/** The list's URL parameters (pages read exactly these). */
export const LIST_PARAMS = ["q", "status", "offer", "plan", "test", "trial", "csp", "activation", "sort", "dir", "size", "after", "before"] as const;

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

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

function reader(params: RawParams) {
  return (name: string): string | undefined => {
    const v = params instanceof URLSearchParams ? params.get(name) : params[name];
    const raw = (Array.isArray(v) ? v[0] : v) ?? undefined;
    const first = raw === undefined ? undefined : withoutControlCharacters(raw);
    return first === undefined || first.trim() === "" ? undefined : first;
  };
}

/** Parses the list's URL parameters. Never throws: unusable values become defaults and a notice. */
export function parseListQuery(params: RawParams): { query: ListQuery; notices: string[] } {
  const get = reader(params);
  const notices: string[] = [];
  function pick<T>(name: string, schema: z.ZodType<T>, what: string): T | undefined {
    const raw = get(name);
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    notices.push(`Ignored ${what}: “${raw.slice(0, 60)}” is not a valid value.`);
    return undefined;
  }

  const q = get("q")?.trim().toLowerCase().slice(0, 200) ?? "";
  let terms = q.split(/\s+/).filter(Boolean);
  if (terms.length > MAX_TERMS) {
    notices.push(`Only the first ${MAX_TERMS} search words are used.`);
    terms = terms.slice(0, MAX_TERMS);
  }
  const status = pick("status", z.enum(SUBSCRIPTION_STATUSES), "the status filter");
  let offerId = pick("offer", idPart, "the offer filter");
  const planRaw = pick("plan", z.string().trim().regex(/^[^/]+\/[^/]+$/).pipe(z.string().transform((v) => v.split("/") as [string, string])), "the plan filter");
  let plan: ListQuery["plan"];
  if (planRaw && idPart.safeParse(planRaw[0]).success && idPart.safeParse(planRaw[1]).success) {
    plan = { offerId: planRaw[0], planId: planRaw[1] };
    // The plan names its offer; an offer filter that disagrees would only ever give an empty list.
    if (offerId && offerId !== plan.offerId) {
      notices.push(`The plan ${plan.planId} chosen belongs to the offer ${plan.offerId}, not ${offerId}: the offer filter was ignored.`);
      offerId = undefined;
    }
  } else if (planRaw) {
    notices.push("Ignored the plan filter: it is not an offer/plan pair.");
  }
  const sort = pick("sort", z.enum(SORT_KEYS), "the sort") ?? DEFAULT_SORT.sort;
  const dir = pick("dir", z.enum(["asc", "desc"]), "the sort direction") ?? (sort === "name" || sort === "status" ? "asc" : "desc");
  const size = pick("size", z.coerce.number().refine((n) => (PAGE_SIZES as readonly number[]).includes(n)), "the page size") ?? DEFAULT_SIZE;

  const query: ListQuery = {
    terms,
    status,
    offerId,
    plan,
    test: pick("test", yesNo, "the test filter"),
    trial: pick("trial", yesNo, "the free-trial filter"),
    csp: pick("csp", yesNo, "the CSP filter"),
    activation: pick("activation", z.enum(["activated", "pending"]), "the activation filter"),
    sort,
    dir,
    size,
  };
  for (const name of ["after", "before"] as const) {
    const raw = get(name);
    if (raw === undefined) continue;
    const cursor = decodeCursor(raw, sort, dir);
    if (cursor) query[name] = cursor;
    else notices.push("The page link no longer matches this sort: showing the first page.");
  }
  if (query.after && query.before) delete query.before;
  return { query, notices: [...new Set(notices)] };
}

/** The URL parameters for a query (defaults left out, so links stay short); the inverse of parseListQuery. */
export function listQueryParams(query: ListQuery, change: Partial<ListQuery> = {}): URLSearchParams {
  const q = { ...query, ...change };
  const p = new URLSearchParams();
  if (q.terms.length) p.set("q", q.terms.join(" "));
  if (q.status) p.set("status", q.status);
  if (q.offerId) p.set("offer", q.offerId);
  if (q.plan) p.set("plan", `${q.plan.offerId}/${q.plan.planId}`);
  if (q.test) p.set("test", q.test);
  if (q.trial) p.set("trial", q.trial);
  if (q.csp) p.set("csp", q.csp);
  if (q.activation) p.set("activation", q.activation);
  if (q.sort !== DEFAULT_SORT.sort || q.dir !== DEFAULT_SORT.dir) {
    p.set("sort", q.sort);
    p.set("dir", q.dir);
  }
  if (q.size !== DEFAULT_SIZE) p.set("size", String(q.size));
  if (q.after) p.set("after", encodeCursor(q.after));
  else if (q.before) p.set("before", encodeCursor(q.before));
  return p;
}

/** True when a filter or search narrows the list (for the empty state's wording). */
export function isFiltered(q: ListQuery): boolean {
  return !!(q.terms.length || q.status || q.offerId || q.plan || q.test || q.trial || q.csp || q.activation);
}
