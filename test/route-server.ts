/**
 * Serves a Next.js route handler (its exported `POST`, `GET`…, a function from Request to Response) on a
 * real HTTP port, so that a simulator process can call it exactly as Microsoft calls the portal: the
 * test runs the portal's own handler and modules, in the test's process, over real HTTP.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

export type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

export type RouteServer = {
  /** http://127.0.0.1:<port><path> */
  url: string;
  /** Requests answered so far, by status code. */
  answers(): Map<number, number>;
  stop(): Promise<void>;
};

function toRequest(req: http.IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // Node's fetch needs this to stream a request body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

async function send(response: Response, res: http.ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!response.body) return void res.end();
  const body = Buffer.from(await response.arrayBuffer());
  res.end(body);
}

/** Listens on 127.0.0.1 (a free port); every request to `path` goes to `handler`, anything else is 404. */
export async function startRouteServer(path: string, handler: RouteHandler): Promise<RouteServer> {
  const answers = new Map<number, number>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
      let response: Response;
      if (new URL(req.url ?? "/", origin).pathname !== path) response = new Response(null, { status: 404 });
      else {
        try {
          response = await handler(toRequest(req, origin), { params: Promise.resolve({}) });
        } catch {
          response = new Response(null, { status: 500 });
        }
      }
      answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
      await send(response, res);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    answers: () => new Map(answers),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
