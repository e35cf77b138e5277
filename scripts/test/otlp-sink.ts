/**
 * An OTLP/HTTP traces receiver on loopback that only counts export requests, spans (by name) and bytes:
 * enough to prove spans leave a portal (the smoke test) and to measure what exporting costs (the benchmark).
 * The SDK's OTLP/HTTP exporter sends JSON; a protobuf body is counted in bytes only.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export async function startOtlpSink() {
  const counts = { requests: 0, spans: 0, bytes: 0, byName: new Map<string, number>() };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      counts.requests++;
      counts.bytes += body.length;
      try {
        const parsed = JSON.parse(body.toString()) as {
          resourceSpans?: { scopeSpans?: { spans?: { name: string }[] }[] }[];
        };
        for (const r of parsed.resourceSpans ?? [])
          for (const s of r.scopeSpans ?? [])
            for (const span of s.spans ?? []) {
              counts.spans++;
              counts.byName.set(span.name, (counts.byName.get(span.name) ?? 0) + 1);
            }
      } catch {
        // a protobuf body: counted in bytes only
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
