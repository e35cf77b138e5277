import { z } from "zod";
import { bool, optionalText, refuse, trimSlashes, whenWellFormed } from "./shared";

/**
 * OpenTelemetry traces, configured by the standard OTEL_* variables (the names every collector's guide
 * uses). Off unless an OTLP endpoint or a traces exporter is named: then lib/tracing loads the SDK.
 */
const variables = z.object({
  /** `true`: no traces whatever else is set (the standard kill switch). */
  OTEL_SDK_DISABLED: bool.default(false),
  /** `otlp` (OTLP over HTTP), `console` (spans printed, for a look on a laptop) or `none`. */
  OTEL_TRACES_EXPORTER: z.enum(["otlp", "console", "none"]).optional(),
  /** Base URL of an OTLP/HTTP receiver (a collector, usually port 4318); traces go to `<base>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** Full URL for traces alone; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** Headers sent with each export, `name=value,name2=value2` (e.g. a vendor's API key; never logged). */
  OTEL_EXPORTER_OTLP_HEADERS: optionalText,
  /** The service's name in the traces. */
  OTEL_SERVICE_NAME: z.string().trim().min(1).default("marketplace-portal"),
});

type Variables = z.output<typeof variables>;

/** `a=b,c=d` (values URL-encoded, as the OpenTelemetry specification writes them). */
function parseHeaders(raw: string | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  const pairs = raw.split(",").map((pair) => {
    const at = pair.indexOf("=");
    return at > 0 ? [pair.slice(0, at).trim(), decodeURIComponent(pair.slice(at + 1).trim())] : undefined;
  });
  if (pairs.some((p) => !p || !p[0])) return undefined;
  return Object.fromEntries(pairs as [string, string][]);
}

function refusals(v: Variables): string[] {
  if (v.OTEL_EXPORTER_OTLP_HEADERS && !parseHeaders(v.OTEL_EXPORTER_OTLP_HEADERS))
    return ["OTEL_EXPORTER_OTLP_HEADERS must read `name=value,name2=value2`."];
  return [];
}

function exporterOf(v: Variables): "otlp" | "console" | undefined {
  if (v.OTEL_SDK_DISABLED || v.OTEL_TRACES_EXPORTER === "none") return undefined;
  if (v.OTEL_TRACES_EXPORTER) return v.OTEL_TRACES_EXPORTER;
  return v.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || v.OTEL_EXPORTER_OTLP_ENDPOINT ? "otlp" : undefined;
}

export const ZTracingSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform((v) => ({
    tracing: {
      /** undefined: tracing is off and the SDK is never loaded. */
      exporter: exporterOf(v),
      serviceName: v.OTEL_SERVICE_NAME,
      /** undefined: the exporter's default, http://localhost:4318/v1/traces. */
      url:
        v.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
        (v.OTEL_EXPORTER_OTLP_ENDPOINT ? `${trimSlashes(v.OTEL_EXPORTER_OTLP_ENDPOINT)}/v1/traces` : undefined),
      headers: parseHeaders(v.OTEL_EXPORTER_OTLP_HEADERS),
    },
  }));

export type TracingSettings = z.output<typeof ZTracingSettings>["tracing"];
