/**
 * A loopback round-robin load balancer in front of the portal instances, as an ISV's would be: each request
 * goes to the next backend; a backend that refuses the connection (killed, restarting) is skipped and the
 * request tried on the next one, as a health-checking balancer does. A request lost in flight on a killed
 * instance answers 502 (Microsoft then redelivers).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Balancer = {
  url: string;
  /** The backends requests are spread over (replaced to measure 1 instance against N). */
  backends: string[];
  /** Requests per backend, and the ones answered 502 by the balancer. */
  counts: Map<string, number>;
  failed: number;
  stop(): Promise<void>;
};

export async function startBalancer(port: number, backends: string[]): Promise<Balancer> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  const balancer: Balancer = {
    url: `http://localhost:${port}`,
    backends,
    counts: new Map(),
    failed: 0,
    stop: async () => {
      server.closeAllConnections();
      agent.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => forward(request, response, Buffer.concat(chunks), balancer.backends.length));
  });
  function forward(request: http.IncomingMessage, response: http.ServerResponse, body: Buffer, triesLeft: number) {
    const backend = balancer.backends[next++ % balancer.backends.length]!;
    const target = new URL(request.url ?? "/", backend);
    const upstream = http.request(
      target,
      { method: request.method, headers: { ...request.headers, host: request.headers.host }, agent },
      (answer) => {
        balancer.counts.set(backend, (balancer.counts.get(backend) ?? 0) + 1);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", (err: NodeJS.ErrnoException) => {
      // Refused before anything was sent: safe to try the next backend.
      if (err.code === "ECONNREFUSED" && triesLeft > 1) return forward(request, response, body, triesLeft - 1);
      balancer.failed++;
      if (!response.headersSent) response.writeHead(502).end();
      else response.destroy();
    });
    upstream.end(body);
  }
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  balancer.url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return balancer;
}
