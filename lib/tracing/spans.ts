import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";

/**
 * Spans and trace context for product code, through @opentelemetry/api only. Without a registered
 * provider (tracing off: lib/tracing/start.ts) every call here is the API's no-op: no span is recorded,
 * no header is added, nothing is exported.
 */

export { SpanKind, type Span };

const tracer = () => trace.getTracer("marketplace-portal");

export type SpanOptions = {
  kind?: SpanKind;
  attributes?: Attributes;
  /** A W3C traceparent carried from elsewhere (a job's payload): the span continues that trace. */
  traceparent?: string;
};

/**
 * Runs `work` inside a new active span: children and outgoing headers see it. A thrown error marks the
 * span failed and is rethrown; the span always ends.
 */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.traceparent ? contextOf(options.traceparent) : context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        if (error instanceof Error) span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Marks a span failed without an exception (an answer that is an error: a 5xx, a refused delivery). */
export function markFailed(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** W3C headers (`traceparent`, `tracestate`) of the active span for an outgoing request; {} when tracing is off. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The active span's traceparent, to store beside queued work; undefined when tracing is off. */
export function currentTraceparent(): string | undefined {
  return traceHeaders().traceparent;
}

/** Where a queued job's payload carries the trace context of the work that added it. */
export const TRACEPARENT_KEY = "traceparent";

/** The traceparent a job's payload carries, if any (the propagator checks its format). */
export function carriedTraceparent(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const value = (payload as Record<string, unknown>)[TRACEPARENT_KEY];
  return typeof value === "string" ? value : undefined;
}

function contextOf(traceparent: string): Context {
  return propagation.extract(context.active(), { traceparent });
}
