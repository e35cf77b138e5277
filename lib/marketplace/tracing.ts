import "server-only";
import { inSpan, markFailed, SpanKind, type Span } from "@/lib/tracing/spans";

/**
 * A span per attempt of a call to Microsoft, named by the client operation (`marketplace resolve`), with
 * the ids Microsoft's support asks for: x-ms-requestid and x-ms-correlationid as sent and as answered.
 * Attribute names follow OpenTelemetry's HTTP conventions where one exists.
 */

export type AttemptFacts = {
  operation: string;
  method: string;
  route: string;
  requestId: string;
  correlationId: string;
};

export function traceAttempt<T>(facts: AttemptFacts, attempt: number, work: (span: Span) => Promise<T>): Promise<T> {
  return inSpan(
    `marketplace ${facts.operation}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "marketplace.operation": facts.operation,
        "marketplace.attempt": attempt,
        "http.request.method": facts.method,
        "url.template": facts.route, // the template: ids and tokens stay out of traces, as out of logs
        "marketplace.request.x_ms_requestid": facts.requestId,
        "marketplace.request.x_ms_correlationid": facts.correlationId,
      },
    },
    work,
  );
}

/** What came back: the status, and the ids as Microsoft answered them (they may differ from the ones sent). */
export function recordAnswer(span: Span, status: number, headers: Headers): void {
  span.setAttribute("http.response.status_code", status);
  const requestId = headers.get("x-ms-requestid");
  const correlationId = headers.get("x-ms-correlationid");
  if (requestId) span.setAttribute("marketplace.response.x_ms_requestid", requestId);
  if (correlationId) span.setAttribute("marketplace.response.x_ms_correlationid", correlationId);
}

/** An attempt that did not succeed: its kind (throttled, timeout, …) marks the span failed. */
export function recordFailure(span: Span, kind: string): void {
  span.setAttribute("error.type", kind);
  markFailed(span, kind);
}
