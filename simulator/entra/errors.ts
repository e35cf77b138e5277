// Entra's OAuth error body: error, "AADSTSxxxx: …" description with trace/correlation ids, error_codes.
import type { Context } from "hono";
import { newGuid } from "../core/ids";
import type { AadError } from "./aadsts";

export type EntraErrorBody = {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
};

export function entraErrorBody(
  httpsBase: string,
  error: string,
  code: number,
  description: string,
  correlationId = newGuid(),
): EntraErrorBody {
  const traceId = newGuid();
  // Entra prints "2024-05-01 10:12:33Z" (space, no fraction) in this field.
  const timestamp = `${new Date().toISOString().slice(0, 19).replace("T", " ")}Z`;
  return {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${httpsBase}/error?code=${code}`,
  };
}

export function entraError(c: Context, httpsBase: string, e: AadError): Response {
  c.header("Cache-Control", "no-store, no-cache");
  c.header("Pragma", "no-cache");
  return c.json(
    entraErrorBody(httpsBase, e.error, e.code, e.description, c.req.header("client-request-id") ?? newGuid()),
    e.status,
  );
}
