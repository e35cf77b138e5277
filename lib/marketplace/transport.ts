import "server-only";
import http from "node:http";
import https from "node:https";

/**
 * One HTTP exchange with Microsoft over Node's own http/https and keep-alive agents: the request, the
 * whole body, within `signal`. Why not `fetch`: on Node 20 each fetch costs about 0.3 ms of CPU in
 * undici and web streams before the first byte, which at webhook rates (two calls per delivery) was the
 * largest cost left after the database (bench/webhook.ts). Failures look like fetch's: an Error whose
 * `cause` is the network or TLS error (errors.ts reads the TLS code there), and an abort rejects with
 * the signal's reason (a TimeoutError for AbortSignal.timeout).
 */

export type TransportResponse = { status: number; headers: Headers; text: string };

// Connections are reused across calls (Microsoft's API is one host); the agents never time out a request themselves.
const agents = {
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
};

export function exchange(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
): Promise<TransportResponse> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : undefined;
  if (!client) return Promise.reject(new Error(`Unsupported protocol ${target.protocol}`));
  const { signal } = init;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers["content-length"] = Buffer.byteLength(init.body);
    const request = client.request(target, {
      method: init.method,
      headers,
      agent: agents[target.protocol as "https:" | "http:"],
    });
    const onAbort = () => {
      request.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const fail = (error: Error) => {
      signal.removeEventListener("abort", onAbort);
      reject(signal.aborted ? signal.reason : new Error("The request to Microsoft failed.", { cause: error }));
    };
    request.on("error", fail);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", fail);
      response.on("end", () => {
        signal.removeEventListener("abort", onAbort);
        const result = new Headers();
        for (const [name, value] of Object.entries(response.headers))
          if (value !== undefined) result.set(name, Array.isArray(value) ? value.join(", ") : value);
        resolve({ status: response.statusCode ?? 0, headers: result, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    request.end(init.body);
  });
}
