import { propagation, trace } from "@opentelemetry/api";
import { describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/env";
import { traceHeaders } from "./spans";
import { startTracingWhenConfigured, stopTracing } from "./start";

const tracingOf = (vars: Record<string, string>) => {
  const { env, problems } = parseEnv(vars);
  if (!env) throw new Error(problems.join("; "));
  return env.tracing;
};
const shutdown = vi.fn(async () => undefined);
const fakeSdk = () => vi.fn(async () => ({ registerTracing: vi.fn(() => ({ shutdown })) }));

describe("tracing is off unless OTEL_* configures it", () => {
  it("with nothing set, loads no SDK and registers nothing: spans do not record, requests carry no traceparent", async () => {
    const settings = tracingOf({});
    expect(settings.exporter).toBeUndefined();
    const load = fakeSdk();
    expect(await startTracingWhenConfigured(settings, load)).toBe(false);
    expect(await startTracingWhenConfigured(settings)).toBe(false); // the real loader, never called
    expect(load).not.toHaveBeenCalled();
    expect(trace.getTracer("t").startSpan("s").isRecording()).toBe(false);
    expect(propagation.fields()).toEqual([]);
    expect(traceHeaders()).toEqual({});
  });

  it("stays off when disabled or with the exporter `none`, whatever endpoint is set", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(tracingOf({ ...endpoint, OTEL_SDK_DISABLED: "true" }).exporter).toBeUndefined();
    expect(tracingOf({ ...endpoint, OTEL_TRACES_EXPORTER: "none" }).exporter).toBeUndefined();
  });

  it("turns on with an OTLP endpoint (traces under /v1/traces; the traces endpoint wins, as given)", () => {
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" })).toEqual({
      exporter: "otlp",
      serviceName: "marketplace-portal",
      url: "http://collector:4318/v1/traces",
      headers: undefined,
    });
    expect(
      tracingOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example/otlp",
        OTEL_EXPORTER_OTLP_HEADERS: "api-key=a%3Db,x-tenant=t1",
        OTEL_SERVICE_NAME: "portal-eu",
      }),
    ).toEqual({
      exporter: "otlp",
      serviceName: "portal-eu",
      url: "https://traces.example/otlp",
      headers: { "api-key": "a=b", "x-tenant": "t1" },
    });
    expect(tracingOf({ OTEL_TRACES_EXPORTER: "console" }).exporter).toBe("console");
  });

  it("refuses headers that are not name=value pairs, and an unknown exporter", () => {
    expect(parseEnv({ OTEL_EXPORTER_OTLP_HEADERS: "just-a-key" }).problems).toEqual([
      "OTEL_EXPORTER_OTLP_HEADERS must read `name=value,name2=value2`.",
    ]);
    expect(parseEnv({ OTEL_TRACES_EXPORTER: "zipkin" }).problems[0]).toMatch(/^OTEL_TRACES_EXPORTER: /);
  });

  it("when configured, loads the SDK once however often it is asked", async () => {
    const settings = tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" });
    const load = fakeSdk();
    expect(await startTracingWhenConfigured(settings, load)).toBe(true);
    expect(await startTracingWhenConfigured(settings, load)).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);
    // A stopping process exports what is left, once; a later start loads the SDK again.
    await stopTracing();
    await stopTracing();
    expect(shutdown).toHaveBeenCalledTimes(1);
    await startTracingWhenConfigured(settings, load);
    expect(load).toHaveBeenCalledTimes(2);
    await stopTracing();
  });
});
