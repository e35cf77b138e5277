/**
 * Test-only: a plain-http proxy on loopback in front of the simulator's HTTPS API. It records each
 * exchange's request and response headers, so a test can see what the portal sent (a traceparent) and
 * what Microsoft's side answered, without the simulator knowing anything about it.
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export type Exchange = {
  method: string;
  path: string;
  request: http.IncomingHttpHeaders;
  response: http.IncomingHttpHeaders;
  status: number;
};
export type RecordingProxy = { url: string; exchanges: Exchange[]; stop(): Promise<void> };

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const base = new URL(target);
  const exchanges: Exchange[] = [];
  const server = http.createServer((req, res) => {
    const upstream = https.request(
      new URL(req.url ?? "/", base.origin), // the path already holds the base path (the client was given url below)
      { method: req.method, headers: { ...req.headers, host: base.host } },
      (answer) => {
        exchanges.push({
          method: req.method ?? "",
          path: req.url ?? "",
          request: req.headers,
          response: answer.headers,
          status: answer.statusCode ?? 0,
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base.pathname}`,
    exchanges,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
