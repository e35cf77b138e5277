/**
 * A page's query parameters, as the single strings the page expects. Next.js types `searchParams` as it is
 * told to, but a repeated parameter (`?q=a&q=b`) arrives as an array, and any value may hold characters
 * that no database column or form field takes (a NUL byte): unchecked, either was a 500. Pure, so that
 * it is unit-tested; pages use `pageParams` (lib/http/page-params.ts), which redirects to the result.
 */

/** What Next.js passes a page as `searchParams`, truthfully typed. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

export type NormalizedParams<K extends string> = {
  values: { [P in K]?: string };
  /** Names that were repeated (the first value was kept) or had control characters removed. */
  repeated: K[];
  cleaned: K[];
};

// C0 controls and DEL: never typed into a search box, and PostgreSQL refuses NUL in text.
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** `value` without control characters. */
export const withoutControlCharacters = (value: string) => value.replace(CONTROL, "");

/** The named parameters, each a single clean string (or absent); what was changed to get there. */
export function normalizeParams<K extends string>(raw: RawSearchParams, names: readonly K[]): NormalizedParams<K> {
  const values: { [P in K]?: string } = {};
  const repeated: K[] = [];
  const cleaned: K[] = [];
  for (const name of names) {
    const value = Object.hasOwn(raw, name) ? raw[name] : undefined;
    if (value === undefined) continue;
    if (Array.isArray(value)) repeated.push(name);
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    const clean = withoutControlCharacters(first);
    if (clean !== first) cleaned.push(name);
    values[name] = clean;
  }
  return { values, repeated, cleaned };
}

/** `path` with the given parameters (empty ones left out), in the order given. */
export function hrefWith(path: string, values: Record<string, string | undefined>): string {
  const params = new URLSearchParams(
    Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""),
  );
  return params.size ? `${path}?${params}` : path;
}
