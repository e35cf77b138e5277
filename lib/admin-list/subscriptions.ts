import { z } from "zod";
import {
  SORT_KEYS,
  SUBSCRIPTION_STATUSES,
  type Cursor,
  type ListQuery,
  type SortDir,
  type SortKey,
} from "@/lib/data/admin-subscriptions-params";
import { defineListCodec, refused, schemaField, type Field } from "./codec";
import { decodeCursor, encodeCursor } from "./subscription-cursor";

export { decodeCursor, encodeCursor };

/** The admin subscription list's URL: search, filters, sort, page size and a keyset cursor (lib/data runs the query). */

export const LIST_PATH = "/admin/subscriptions";
export const EXPORT_PATH = "/admin/subscriptions/export";
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_SIZE = 25;
export const DEFAULT_SORT: { sort: SortKey; dir: SortDir } = { sort: "purchased", dir: "desc" };
const MAX_TERMS = 5;
const STALE_CURSOR = "The page link no longer matches this sort: showing the first page.";

/** The direction a sort starts in: names and statuses from the top, dates and seats from the largest. */
export const defaultDir = (sort: SortKey): SortDir => (sort === "name" || sort === "status" ? "asc" : "desc");

// Partner Center offer and plan ids: letters, digits, hyphens, underscores (50 characters at most).
const idPart = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][\w.-]{0,99}$/);
const yesNo = z.enum(["yes", "no"]);
const planPair = z
  .string()
  .trim()
  .regex(/^[^/]+\/[^/]+$/);

const terms: Field<ListQuery, string[]> = {
  param: "q",
  read: (raw) => {
    const words = raw.trim().toLowerCase().slice(0, 200).split(/\s+/).filter(Boolean);
    if (words.length <= MAX_TERMS) return { ok: true, value: words };
    return { ok: true, value: words.slice(0, MAX_TERMS), notice: `Only the first ${MAX_TERMS} search words are used.` };
  },
  fallback: () => [],
  write: (words) => words.join(" "),
};

/** Plans carry their offer (offer/plan): the same plan id in two offers is two different plans. */
const plan: Field<ListQuery, ListQuery["plan"]> = {
  param: "plan",
  read: (raw) => {
    const pair = planPair.safeParse(raw);
    if (!pair.success) return refused("the plan filter", raw);
    const [offerId = "", planId = ""] = pair.data.split("/");
    if (!idPart.safeParse(offerId).success || !idPart.safeParse(planId).success)
      return { ok: false, notice: "Ignored the plan filter: it is not an offer/plan pair." };
    return { ok: true, value: { offerId, planId } };
  },
  fallback: () => undefined,
  write: (p) => (p ? `${p.offerId}/${p.planId}` : undefined),
};

// Sort and direction travel together, and only when they are not the default order.
const isDefaultOrder = (q: ListQuery) => q.sort === DEFAULT_SORT.sort && q.dir === DEFAULT_SORT.dir;

const cursor = (param: "after" | "before"): Field<ListQuery, Cursor | undefined> => ({
  param,
  read: (raw, earlier) => {
    const value = decodeCursor(raw, earlier.sort ?? DEFAULT_SORT.sort, earlier.dir ?? DEFAULT_SORT.dir);
    return value ? { ok: true, value } : { ok: false, notice: STALE_CURSOR };
  },
  fallback: () => undefined,
  write: (c, q) => (c && !(param === "before" && q.after) ? encodeCursor(c) : undefined),
});

export const subscriptionList = defineListCodec<ListQuery>({
  path: LIST_PATH,
  fields: {
    terms,
    status: schemaField("status", z.enum(SUBSCRIPTION_STATUSES), "the status filter"),
    offerId: schemaField("offer", idPart, "the offer filter"),
    plan,
    test: schemaField("test", yesNo, "the test filter"),
    trial: schemaField("trial", yesNo, "the free-trial filter"),
    csp: schemaField("csp", yesNo, "the CSP filter"),
    activation: schemaField("activation", z.enum(["activated", "pending"]), "the activation filter"),
    provisioning: schemaField("provisioning", z.enum(["awaiting"]), "the provisioning filter"),
    sort: {
      ...schemaField("sort", z.enum(SORT_KEYS), "the sort", DEFAULT_SORT.sort),
      write: (sort, q) => (isDefaultOrder(q) ? undefined : sort),
    },
    dir: {
      ...schemaField("dir", z.enum(["asc", "desc"]), "the sort direction", DEFAULT_SORT.dir),
      fallback: (earlier) => defaultDir(earlier.sort ?? DEFAULT_SORT.sort),
      write: (dir, q) => (isDefaultOrder(q) ? undefined : dir),
    },
    size: schemaField(
      "size",
      z.coerce.number().refine((n) => (PAGE_SIZES as readonly number[]).includes(n)),
      "the page size",
      DEFAULT_SIZE,
    ),
    after: cursor("after"),
    before: cursor("before"),
  },
  cursors: ["after", "before"],
  settle: (q, notice) => {
    // The plan names its offer; an offer filter that disagrees would only ever give an empty list.
    if (q.plan && q.offerId && q.offerId !== q.plan.offerId) {
      notice(
        `The plan ${q.plan.planId} chosen belongs to the offer ${q.plan.offerId}, not ${q.offerId}: the offer filter was ignored.`,
      );
      q.offerId = undefined;
    }
    if (q.after && q.before) q.before = undefined;
  },
});

/** Parses the list's URL parameters. Never throws: unusable values become defaults and a notice. */
export function parseListQuery(params: URLSearchParams | Record<string, string | string[] | undefined>): {
  query: ListQuery;
  notices: string[];
} {
  const { state, notices } = subscriptionList.parse(params);
  return { query: state, notices };
}

/** The URL parameters for a query (defaults left out, so links stay short); the inverse of parseListQuery. */
export function listQueryParams(query: ListQuery, change: Partial<ListQuery> = {}): URLSearchParams {
  return subscriptionList.toParams({ ...query, ...change });
}

/** The CSV export of the whole filtered list, in the list's order (no page cursor, no page size). */
export function exportHref(query: ListQuery): string {
  return subscriptionList.hrefFor(query, { after: undefined, before: undefined, size: DEFAULT_SIZE }, EXPORT_PATH);
}

/** True when a filter or search narrows the list (for the count's and the empty state's wording). */
export function isFiltered(q: ListQuery): boolean {
  return !!(
    q.terms.length ||
    q.status ||
    q.offerId ||
    q.plan ||
    q.test ||
    q.trial ||
    q.csp ||
    q.activation ||
    q.provisioning
  );
}
