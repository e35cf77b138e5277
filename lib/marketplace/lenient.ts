import { z } from "zod";

/**
 * Building blocks of the zod schemas generated from Microsoft's OpenAPI files (generated/*-schemas.ts).
 *
 * Microsoft's responses do not follow the OpenAPI files to the letter: documented samples and observed
 * responses carry numbers as strings (`"quantity": "20"`), `""` or `null` for absent values, padded
 * strings and enums (`" Subscribed "`, `"id  "`), values an enum does not list (`Subscribe`), dates
 * without a time zone, and fields the file does not describe. So every leaf here is tolerant: it takes
 * what it can interpret and turns anything else into `undefined` instead of failing. Only `required()`
 * fails, for the few fields the portal cannot work without (a subscription without an id).
 */

/** A value Microsoft documents plus any value it may add later (kept as the trimmed string). */
export type OpenEnum<Known extends string> = Known | (string & {});

const trimmed = (value: unknown): string | undefined => {
  if (typeof value === "string") {
    const t = value.trim();
    return t === "" ? undefined : t;
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
};

const numeric = (value: unknown): number | undefined => {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  const t = typeof value === "string" ? value.trim() : "";
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
};

/** A string, trimmed; numbers and booleans as their text; empty, null or anything else → undefined. */
export const text = () => z.unknown().transform((v): string | undefined => trimmed(v));

/** An integer, also from a numeric string; `""`, `null`, fractions and garbage → undefined. */
export const int = () =>
  z.unknown().transform((v): number | undefined => {
    const n = numeric(v);
    return n !== undefined && Number.isInteger(n) ? n : undefined;
  });

/** A finite number (metering quantities are doubles), also from a numeric string. */
export const num = () => z.unknown().transform((v): number | undefined => numeric(v));

/** A boolean, also from "true"/"false" in any case and padding. */
export const bool = () =>
  z.unknown().transform((v): boolean | undefined => {
    if (typeof v === "boolean") return v;
    const t = trimmed(v)?.toLowerCase();
    return t === "true" ? true : t === "false" ? false : undefined;
  });

/**
 * An enum that never fails: a known value in any case or padding comes back in Microsoft's spelling,
 * an unknown one as its trimmed text (Microsoft adds values, e.g. the `Subscribe` action in 2025).
 */
export const openEnum = <const Known extends readonly string[]>(values: Known) => {
  const canonical = new Map(values.map((v) => [v.toLowerCase(), v]));
  return z.unknown().transform((v): OpenEnum<Known[number]> | undefined => {
    const t = trimmed(v);
    return t === undefined ? undefined : (canonical.get(t.toLowerCase()) ?? t);
  });
};

/**
 * A date-time string as a Date. Microsoft's values are UTC but often lack the zone designator
 * (`"2018-12-01T00:00:00"`), which JavaScript would read as local time, so a missing zone means UTC.
 */
export const dateTime = () =>
  z.unknown().transform((v): Date | undefined => {
    const t = typeof v === "string" ? v.trim() : "";
    if (t === "") return undefined;
    const zoned = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(t) ? `${t}Z` : t;
    const date = new Date(zoned);
    return Number.isNaN(date.getTime()) ? undefined : date;
  });

/**
 * An array of items (each parsed by `item`); items a leaf could not interpret are dropped (so a list of
 * enums never holds `undefined`); anything that is not an array fails.
 */
export const list = <T extends z.ZodType>(item: T) =>
  z.array(item).transform((items) => items.filter((i): i is Exclude<z.output<T>, undefined> => i !== undefined));

/** An object; unknown fields are ignored (Microsoft adds fields without notice). */
export const object = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape);

/**
 * An optional field: absent or `null` → undefined, and so is a value of the wrong shape (`""` or a string
 * where an object or a list belongs, as in Microsoft's samples): an optional part Microsoft garbled must
 * not make the whole answer unreadable (a webhook that cannot read Get Subscription fails for 8 hours).
 */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null ? undefined : v), schema.optional()).catch(undefined);

/** A field the portal cannot do without: fails when the value is absent or cannot be interpreted. */
export const required = <T extends z.ZodType>(schema: T) =>
  schema.transform((v: z.output<T>, ctx): Exclude<z.output<T>, undefined> => {
    if (v === undefined) {
      ctx.addIssue({ code: "custom", message: "missing or not usable" });
      return z.NEVER;
    }
    return v as Exclude<z.output<T>, undefined>;
  });

/**
 * Compile-time tie between a parsed shape and Microsoft's OpenAPI type (generated by openapi-typescript):
 * the same property names, and each value of a compatible kind (strings may have become Dates, enums
 * are open). `Expect<FitsSpec<Parsed, Spec>>` fails to compile when they drift apart.
 */
export type FitsSpec<Parsed, Spec> = [Parsed] extends [Loosen<Spec>]
  ? [Exclude<keyof Parsed, keyof Spec>] extends [never]
    ? [Exclude<keyof Spec, keyof Parsed>] extends [never]
      ? true
      : { missing: Exclude<keyof Spec, keyof Parsed> }
    : { extra: Exclude<keyof Parsed, keyof Spec> }
  : { mismatch: Parsed };

export type Expect<T extends true> = T;

type Loosen<S> = S extends string
  ? string | Date
  : S extends number
    ? number
    : S extends boolean
      ? boolean
      : S extends readonly (infer Item)[]
        ? Loosen<Item>[]
        : S extends object
          ? { [K in keyof S]?: Loosen<S[K]> }
          : S;
