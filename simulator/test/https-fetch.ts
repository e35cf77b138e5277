// fetch() for tests that trusts the simulator's self-signed certificate without NODE_EXTRA_CA_CERTS
// (that variable only works when set before Node starts; the MSAL test covers it in a child process).
import { Agent, request } from "node:https";

export type FetchLike = (
  url: string | URL,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<Response>;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createTrustedFetch(caPem: string): FetchLike & { close(): void } {
  const agent = new Agent({ ca: caPem, keepAlive: true });
  const trustedFetch = (
    url: string | URL,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Response> => {
    const target = new URL(url);
    if (target.protocol !== "https:") return fetch(target, init);
    return new Promise((resolve, reject) => {
      const req = request(target, { method: init.method ?? "GET", headers: init.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) headers.append(name, v);
            else if (value !== undefined) headers.set(name, value);
          }
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks);
          resolve(new Response(NULL_BODY_STATUSES.has(status) ? null : body, { status, headers }));
        });
      });
      req.on("error", reject);
      if (init.body !== undefined) req.write(init.body);
      req.end();
    });
  };
  return Object.assign(trustedFetch, { close: () => agent.destroy() });
}
