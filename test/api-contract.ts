/**
 * Validates the integration API's answers against its own OpenAPI document (app/api/v1/document.ts) with
 * ajv in draft 2020-12 mode, the dialect of OpenAPI 3.1: the status must be documented for the operation,
 * the content type must be the one documented for it, and the body must match its schema (objects refuse
 * undocumented fields: the schemas say additionalProperties false).
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

type Json = Record<string, unknown>;
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

// ajv-formats is CommonJS: its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const pointer = (...segments: string[]) =>
  segments.map((s) => "/" + s.replaceAll("~", "~0").replaceAll("/", "~1")).join("");

export type CheckedResponse = { status: number; contentType: string; body: unknown };

export function contractChecker(document: object) {
  // strict: false, since the document has OpenAPI's own keywords (example, …) that are not JSON Schema's.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document as Json, "openapi.json");
  const doc = document as Doc;
  const validators = new Map<string, ValidateFunction>();
  const checked = new Set<string>();

  return {
    /** Throws unless `response` is one the document describes for `method` `path` (a path template). */
    async check(path: string, method: string, response: Response): Promise<CheckedResponse> {
      const responses = doc.paths[path]?.[method]?.responses;
      if (!responses) throw new Error(`${method} ${path} is not in the document`);
      const status = response.status;
      const documented = responses[String(status)];
      if (!documented) throw new Error(`${method} ${path}: status ${status} is not documented`);
      const contentType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
      if (!documented.content) {
        // An answer documented without content (204) must have none.
        const text = await response.text();
        if (text) throw new Error(`${method} ${path} ${status}: documented without content, but has a body`);
        checked.add(`${method} ${path} ${status}`);
        return { status, contentType, body: undefined };
      }
      if (!documented.content[contentType])
        throw new Error(
          `${method} ${path} ${status}: content type ${contentType} is not documented (${Object.keys(documented.content ?? {})})`,
        );
      const body: unknown = await response.json();
      const ref = `openapi.json#${pointer("paths", path, method, "responses", String(status), "content", contentType, "schema")}`;
      let validate = validators.get(ref);
      if (!validate) {
        validate = ajv.compile({ $ref: ref });
        validators.set(ref, validate);
      }
      if (!validate(body))
        throw new Error(
          `${method} ${path} ${status} does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body, null, 2)}`,
        );
      checked.add(`${method} ${path} ${status}`);
      return { status, contentType, body };
    },
    /** Every (operation, status) checked so far. */
    checked: () => [...checked].sort(),
    /** Every (operation, status) the document lists. */
    documented: () =>
      Object.entries(doc.paths)
        .flatMap(([path, methods]) =>
          Object.entries(methods).flatMap(([method, op]) =>
            Object.keys(op.responses).map((status) => `${method} ${path} ${status}`),
          ),
        )
        .sort(),
  };
}
