import { z } from "zod";
import type { FieldError } from "./respond";

/**
 * Validation of a JSON route's input with zod, and the refusal's `errors` list: one entry per field, the
 * body's fields named by JSON Pointer, parameters by name. Pure, so that it is unit-tested.
 */

export type InputLocation = "body" | "query" | "path";

/** A query string as an object: a parameter given once is a string, one repeated is an array of strings. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    out[name] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/** `#/a/0/b~1c`: a JSON Pointer (RFC 6901) in URI fragment form, as in RFC 9457's own example. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return (
    "#" +
    path.map((token) => "/" + encodeURIComponent(String(token).replaceAll("~", "~0").replaceAll("/", "~1"))).join("")
  );
}

// Clearer words than zod's default for a missing field; a message written in the route's own schema still wins.
const messages: z.core.$ZodErrorMap = (issue) =>
  issue.code === "invalid_type" && issue.input === undefined ? "Required." : undefined;

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

/** `input` parsed with `schema`, or every problem found, each tied to its field. */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  location: InputLocation,
): Validated<z.output<S>> {
  const result = schema.safeParse(input, { error: messages });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: result.error.issues.flatMap((issue) => fieldErrors(issue, schema, input, location)) };
}

function fieldErrors(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  input: unknown,
  location: InputLocation,
): FieldError[] {
  if (issue.code === "unrecognized_keys") {
    const target = schemaAt(schema, issue.path);
    const accepted = target instanceof z.ZodObject ? Object.keys(target.shape) : undefined;
    return issue.keys.map((key) => fieldError(location, [...issue.path, key], unknownFieldDetail(location, accepted)));
  }
  return [
    fieldError(
      location,
      issue.path,
      repeatedParameter(issue, schema, input, location) ? "Give this parameter once." : issue.message,
    ),
  ];
}

/** `?status=a&status=b` where the route takes one status: zod's own words would speak of arrays or NaN. */
function repeatedParameter(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  input: unknown,
  location: InputLocation,
): boolean {
  if (location !== "query" || issue.path.length !== 1) return false;
  const name = String(issue.path[0]);
  const raw =
    input && typeof input === "object" && Object.hasOwn(input, name)
      ? (input as Record<string, unknown>)[name]
      : undefined;
  return Array.isArray(raw) && !(schemaAt(schema, [name]) instanceof z.ZodArray);
}

function fieldError(location: InputLocation, path: readonly PropertyKey[], detail: string): FieldError {
  // Query and path values are flat: the first segment is the parameter (a further one is a repeated value's index).
  return location === "body"
    ? { in: "body", pointer: jsonPointer(path), detail }
    : { in: location, parameter: String(path[0] ?? ""), detail };
}

function unknownFieldDetail(location: InputLocation, accepted: string[] | undefined): string {
  const what = location === "body" ? "field" : "parameter";
  if (!accepted) return `Unknown ${what}: not accepted here. Remove it.`;
  if (!accepted.length)
    return `Unknown ${what}: this endpoint takes no ${location === "body" ? "fields here" : "query parameters"}. Remove it.`;
  return `Unknown ${what}: not accepted here. Remove it, or check its spelling (accepted: ${accepted.join(", ")}).`;
}

/** The schema that validates the value at `path`, when it can be told by walking objects and arrays. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject) current = current.shape[String(segment)] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray && typeof segment === "number") current = current.element as z.ZodType;
    else return undefined;
    if (!current) return undefined;
    current = unwrap(current);
  }
  return current;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault)
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

/**
 * Throws when an object anywhere in `schema` would silently drop unknown keys (a plain `z.object`): a
 * caller's misspelt field must be refused, not ignored (`z.strictObject`). `z.looseObject` is an explicit
 * choice to accept and ignore extra keys. Checked once, when the route is defined.
 */
export function assertRefusesUnknownKeys(
  schema: z.core.$ZodType,
  where: string,
  seen = new Set<z.core.$ZodType>(),
): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  // The definition's fields differ per kind (zod 4's `def.type` names it): read as a plain record.
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const children: unknown[] = [];
  switch (def.type) {
    case "object":
      if (!def.catchall)
        throw new Error(
          `${where}: use z.strictObject (or z.looseObject, to accept and ignore extra keys) instead of z.object, so that unknown fields are refused.`,
        );
      children.push(...Object.values(def.shape as Record<string, unknown>));
      break;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
    case "catch":
      children.push(def.innerType);
      break;
    case "array":
      children.push(def.element);
      break;
    case "union":
      children.push(...(def.options as unknown[]));
      break;
    case "intersection":
      children.push(def.left, def.right);
      break;
    case "record":
      children.push(def.valueType);
      break;
    case "tuple":
      children.push(...(def.items as unknown[]), def.rest);
      break;
    case "pipe":
      children.push(def.in);
      break;
  }
  for (const child of children) if (child) assertRefusesUnknownKeys(child as z.core.$ZodType, where, seen);
}
