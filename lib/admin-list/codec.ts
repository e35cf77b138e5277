import type { z } from "zod";
import { normalizeParams, type RawSearchParams } from "@/lib/http/query";

/**
 * An admin list's state (filters, sort, page size, keyset cursor) as it travels in the URL, read and
 * written by one codec. Every parameter is read on its own, so one malformed value falls back to its
 * default (with a notice the page shows) instead of discarding the others or failing the request. Pages
 * read through `readListState` (./page-state.ts), which first redirects repeated parameters and control
 * characters to one clean value each (lib/http/page-params.ts).
 */

/** What a parameter's text gave: a value (possibly with a notice, e.g. "only the first 5 words"), or a refusal. */
export type Read<T> = { ok: true; value: T; notice?: string } | { ok: false; notice: string };

/** How one field of the state travels in one URL parameter. */
export type Field<S, T> = {
  param: string;
  /** The field from the parameter's text (never blank, no control characters); `earlier` holds the fields before it. */
  read: (raw: string, earlier: Partial<S>) => Read<T>;
  /** The field when the parameter is absent or refused. */
  fallback: (earlier: Partial<S>) => T;
  /** The parameter's text, or undefined to leave it out of links (a default). */
  write: (value: T, state: S) => string | undefined;
};

export type ListCodecSpec<S> = {
  /** The page the links lead to. */
  path: string;
  /** One entry per field, in the order of the URL's parameters (a later field's read sees the earlier ones). */
  fields: { [K in keyof S]-?: Field<S, S[K]> };
  /** The fields that are a position in the list: a link that changes anything else goes back to the first page. */
  cursors: readonly (keyof S)[];
  /** Rules across fields, applied after all are read (an offer filter a chosen plan contradicts…). */
  settle?: (state: S, notice: (text: string) => void) => void;
};

export type ListCodec<S> = {
  path: string;
  /** The URL parameters the list reads (pages read exactly these). */
  names: readonly string[];
  /** The state from URL parameters (Next's record or URLSearchParams). Never throws. */
  parse: (params: RawSearchParams | URLSearchParams) => { state: S; notices: string[] };
  /** The URL parameters for a state, defaults left out so that links stay short. */
  toParams: (state: S) => URLSearchParams;
  /** A link to the list with `changes` applied; a change that moves no cursor starts again from the first page. */
  hrefFor: (state: S, changes?: Partial<S>, path?: string) => string;
};

/** The notice for a parameter whose value cannot be used. */
export const refused = (what: string, raw: string): Read<never> => ({
  ok: false,
  notice: `Ignored ${what}: “${raw.slice(0, 60)}” is not a valid value.`,
});

/** A field read with a zod schema; `what` names it in the notice when the schema refuses the value. */
export function schemaField<T>(param: string, schema: z.ZodType<T>, what: string): Field<unknown, T | undefined>;
export function schemaField<T>(param: string, schema: z.ZodType<T>, what: string, fallback: T): Field<unknown, T>;
export function schemaField<T>(
  param: string,
  schema: z.ZodType<T>,
  what: string,
  fallback?: T,
): Field<unknown, T | undefined> {
  return {
    param,
    read: (raw) => {
      const parsed = schema.safeParse(raw);
      return parsed.success ? { ok: true, value: parsed.data } : refused(what, raw);
    },
    fallback: () => fallback,
    write: (value) => (value === undefined || value === fallback ? undefined : String(value)),
  };
}

export function defineListCodec<S extends object>(spec: ListCodecSpec<S>): ListCodec<S> {
  const keys = Object.keys(spec.fields) as (keyof S)[];
  const fields = keys.map((key) => [key, spec.fields[key]] as const);
  const names = fields.map(([, field]) => field.param);

  function parse(params: RawSearchParams | URLSearchParams) {
    const record: RawSearchParams =
      params instanceof URLSearchParams
        ? Object.fromEntries(names.map((n) => [n, params.get(n) ?? undefined]))
        : params;
    const { values } = normalizeParams(record, names);
    const notices: string[] = [];
    const state: Partial<S> = {};
    for (const [key, field] of fields) {
      const raw = values[field.param];
      if (raw !== undefined && raw.trim() !== "") {
        const read = field.read(raw, state);
        if (read.notice) notices.push(read.notice);
        if (read.ok) {
          state[key] = read.value;
          continue;
        }
      }
      state[key] = field.fallback(state);
    }
    spec.settle?.(state as S, (text) => notices.push(text));
    return { state: state as S, notices: [...new Set(notices)] };
  }

  function toParams(state: S) {
    const params = new URLSearchParams();
    for (const [key, field] of fields) {
      const text = field.write(state[key], state);
      if (text !== undefined && text !== "") params.set(field.param, text);
    }
    return params;
  }

  function hrefFor(state: S, changes: Partial<S> = {}, path = spec.path) {
    const moves = spec.cursors.some((key) => key in changes);
    const reset = moves ? {} : Object.fromEntries(spec.cursors.map((key) => [key, undefined]));
    const params = toParams({ ...state, ...reset, ...changes }).toString();
    return params ? `${path}?${params}` : path;
  }

  return { path: spec.path, names, parse, toParams, hrefFor };
}
