import type { z } from "zod";
import { MarketplaceError } from "./errors";
import type { HttpResponse } from "./http";
import { isGuid } from "@/lib/domain/ids";

/** Shared by the API modules: reading bodies, checking ids, failing with `invalid-response`. */

export function invalidResponse(
  operation: string,
  response: Pick<HttpResponse, "status" | "requestId" | "correlationId" | "attempts">,
  problem: string,
): MarketplaceError {
  return new MarketplaceError({
    kind: "invalid-response",
    operation,
    status: response.status,
    requestId: response.requestId,
    correlationId: response.correlationId,
    attempts: response.attempts,
    message: `Microsoft's marketplace service sent a response the portal cannot read (${problem}).`,
  });
}

/** The JSON body, or undefined for an empty one (Microsoft sends empty bodies on purpose). */
export function readJson(operation: string, response: HttpResponse): unknown {
  if (response.text.trim() === "") return undefined;
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw invalidResponse(operation, response, "the body is not JSON");
  }
}

/** Validates with a generated lenient schema; the error names the unusable fields, never their values. */
export function validate<S extends z.ZodType>(
  operation: string,
  response: HttpResponse,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
  throw invalidResponse(operation, response, fields.join("; "));
}

/** Ids go into URL paths: only GUIDs (Microsoft's subscription and operation ids) are sent. */
export function checkGuid(operation: string, name: string, value: string): string {
  if (!isGuid(value)) {
    throw new MarketplaceError({
      kind: "bad-request",
      operation,
      attempts: 0,
      message: `The ${name} is not a valid GUID; nothing was sent to Microsoft.`,
    });
  }
  return value;
}

/** A caller's mistake caught before anything is sent. */
export function refuse(operation: string, message: string): MarketplaceError {
  return new MarketplaceError({ kind: "bad-request", operation, attempts: 0, message });
}
