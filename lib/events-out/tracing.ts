import "server-only";
import { inSpan, markFailed, SpanKind, type Span } from "@/lib/tracing/spans";
import type { SendResult } from "./transport";

/**
 * A span per delivery attempt of an outbound event (deliver.ts), child of the delivery job's span; the
 * request carries its traceparent, so a receiver that traces joins the same trace.
 */
export function traceDelivery<T>(
  facts: { endpointId: string; eventId: string; type: string; attempt: number },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return inSpan(
    `outbound event ${facts.type}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        "outbound.endpoint_id": facts.endpointId,
        "outbound.event_id": facts.eventId,
        "outbound.event_type": facts.type,
        "outbound.attempt": facts.attempt,
      },
    },
    work,
  );
}

export function recordDelivery(span: Span, result: SendResult): void {
  if (result.status !== null) span.setAttribute("http.response.status_code", result.status);
  if (!result.ok) {
    span.setAttribute("error.type", result.errorKind ?? "error");
    markFailed(span, result.errorKind ?? "error");
  }
}
