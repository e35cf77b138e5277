// Expected failures of domain functions, mapped to HTTP by the routes (Microsoft-shaped bodies).
export type DomainError = {
  status: 400 | 403 | 404 | 409 | 500;
  code: string;
  message: string;
  target?: string;
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(
  status: DomainError["status"],
  code: string,
  message: string,
  target?: string,
): Result<T> {
  return { ok: false, error: { status, code, message, ...(target !== undefined ? { target } : {}) } };
}

/** {code, message, target} – the error shape Microsoft's Fulfillment API (and its emulator) answer with. */
export function errorBody(error: DomainError): { code: string; message: string; target?: string } {
  return { code: error.code, message: error.message, ...(error.target !== undefined ? { target: error.target } : {}) };
}

/**
 * Integer quantity from a JSON value. Microsoft's docs send quantities both as numbers and as strings
 * ("quantity": "3" in the Activate example), and .NET model binding accepts both.
 */
export function parseQuantity(value: unknown): number | undefined | "invalid" {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : "invalid";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
