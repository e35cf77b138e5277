// JSON body parsing for the control API and the pages.
import type { Context } from "hono";
import type { z } from "zod";
import { errorBody, type DomainError } from "../domain/result";

/** Parses a JSON body with a zod schema; answers 400 with the issues when it does not fit. */
export async function parseBody<T>(
  c: Context,
  schema: z.ZodType<T>,
): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  let raw: unknown = {};
  const text = await c.req.text();
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, response: c.json({ error: "The body is not valid JSON." }, 400) };
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, response: c.json({ error: "Invalid request.", issues: parsed.error.issues }, 400) };
  return { ok: true, data: parsed.data };
}

export function domainError(c: Context, error: DomainError): Response {
  return c.json({ error: error.message, ...errorBody(error) }, error.status);
}
