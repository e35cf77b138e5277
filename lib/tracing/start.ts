import "server-only";
import type { TracingSettings } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * Turns tracing on at server start when OTEL_* configures it (instrumentation.ts, scripts/worker.ts).
 * Unconfigured, the SDK is never imported: product code's @opentelemetry/api calls stay no-ops.
 */

type Handle = { shutdown(): Promise<void> };
/** The SDK's module (sdk.ts), or a stand-in (tests). */
type Loader = () => Promise<{ registerTracing(settings: TracingSettings): Handle }>;

const holder = globalThis as unknown as { tracing?: Promise<Handle> };

export async function startTracingWhenConfigured(
  settings: TracingSettings,
  load: Loader = () => import("./sdk"),
): Promise<boolean> {
  if (!settings.exporter) return false;
  holder.tracing ??= load().then(({ registerTracing }) => registerTracing(settings));
  await holder.tracing;
  // The origin only: a URL may carry credentials in its user part or query.
  const receiver = settings.url ? new URL(settings.url).origin : "default (localhost:4318)";
  log.info({ exporter: settings.exporter, serviceName: settings.serviceName, receiver }, "tracing on");
  return true;
}

/** Exports the spans still in the batch and stops tracing (a stopping process; nothing when tracing is off). */
export async function stopTracing(): Promise<void> {
  const running = holder.tracing;
  holder.tracing = undefined;
  await (await running)?.shutdown();
}
