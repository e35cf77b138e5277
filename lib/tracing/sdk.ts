import "server-only";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import type { Context } from "@opentelemetry/api";
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  ConsoleSpanExporter,
  NodeTracerProvider,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-node";
import { PrismaInstrumentation, registerInstrumentations } from "@prisma/instrumentation";
import type { TracingSettings } from "@/lib/env";

/**
 * The OpenTelemetry SDK, loaded only when tracing is configured (lib/tracing/start.ts imports this file
 * dynamically). Registers the global tracer provider (Next.js's own request and render spans, and
 * lib/tracing/spans.ts, report to it), W3C trace context propagation, and Prisma's instrumentation
 * (a span per query, also with the driver adapters: Prisma 7 traces in its client, not in an engine).
 */

/**
 * The client's internal steps (serialising the answer, compiling the query plan, its lazy connect) would
 * double the spans of every query and say little: each query keeps its operation (`Subscription.update`)
 * and its SQL (`prisma:client:db_query`, parameters never included).
 */
const PRISMA_STEPS_NOT_TRACED = [/^prisma:client:(serialize|compile|connect)$/];

/**
 * Next.js's bookkeeping around each request (loading and preparing the route's module, resolving its page
 * components): three of the eight spans of a webhook delivery, leaves that say nothing an operator acts on.
 * Not exported, which saves part of what tracing every request costs (bench/webhook.ts --tracing). The
 * request's own span and the route handler's span stay, so traces keep their shape.
 */
export const NEXT_SPANS_NOT_EXPORTED = new Set([
  "load route module",
  "prepare route module",
  "resolve page components",
]);

class WithoutNextInternals implements SpanProcessor {
  constructor(private readonly inner: SpanProcessor) {}
  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }
  onEnd(span: ReadableSpan): void {
    if (!NEXT_SPANS_NOT_EXPORTED.has(span.name)) this.inner.onEnd(span);
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

export type TracingHandle = { provider: NodeTracerProvider; shutdown(): Promise<void> };

export type RegisterOptions = {
  /** Spans go here instead of the configured exporter (tests, the benchmark). */
  exporter?: SpanExporter;
  /** Replaces the batch processor (tests read spans at once with a SimpleSpanProcessor). */
  processor?: SpanProcessor;
};

function exporterFor(settings: TracingSettings): SpanExporter {
  if (settings.exporter === "console") return new ConsoleSpanExporter();
  return new OTLPTraceExporter({ url: settings.url, headers: settings.headers });
}

export function registerTracing(settings: TracingSettings, options: RegisterOptions = {}): TracingHandle {
  // Batched: spans are exported off the request path, in the background, a few times a second at most.
  const processor = options.processor ?? new BatchSpanProcessor(options.exporter ?? exporterFor(settings));
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ "service.name": settings.serviceName })),
    spanProcessors: [new WithoutNextInternals(processor)],
  });
  provider.register(); // AsyncLocalStorage context + W3C traceparent/baggage propagators
  const disable = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new PrismaInstrumentation({ ignoreSpanTypes: PRISMA_STEPS_NOT_TRACED })],
  });
  return {
    provider,
    async shutdown() {
      disable();
      await provider.shutdown();
    },
  };
}
