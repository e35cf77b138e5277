import "server-only";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { guardedLookup, isInternalAddress, RefusedAddressError } from "./address";

/**
 * One POST to a receiver, with node:http rather than fetch because it gives the two controls a receiver
 * URL needs: redirects are never followed (a 3xx is a failure: a receiver must not bounce the portal's
 * signed request elsewhere, an internal address included), and in production the connection's own DNS
 * lookup refuses internal addresses (address.ts). The whole exchange, connection to last byte, has one
 * deadline; the answer's body is read (up to a small cap, then dropped) so the socket is released.
 */

export type ErrorKind = "timeout" | "network" | "redirect" | "refused-address" | "http";
export type SendResult = {
  ok: boolean;
  status: number | null;
  errorKind: ErrorKind | null;
  error: string | null;
  latencyMs: number;
};

export type PostOptions = { timeoutMs: number; production: boolean };

const MAX_ANSWER_BYTES = 16 * 1024;

export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (options.production && isIP(host) && isInternalAddress(host))
    return Promise.resolve(failure("refused-address", new RefusedAddressError(host).message, 0));

  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: options.production ? guardedLookup : undefined,
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () => {
          if (status >= 200 && status < 300)
            finish({ ok: true, status, errorKind: null, error: null, latencyMs: elapsed() });
          else if (status >= 300 && status < 400)
            finish({ ...failure("redirect", `Answered ${status} (a redirect, not followed).`, elapsed()), status });
          else finish({ ...failure("http", `Answered ${status}.`, elapsed()), status });
        };
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      finish(failure("timeout", `No answer within ${options.timeoutMs} ms.`, elapsed()));
      request.destroy();
    }, options.timeoutMs);
    request.on("error", (err: NodeJS.ErrnoException) => {
      const refused = err instanceof RefusedAddressError || err.code === "EREFUSEDADDRESS";
      finish(failure(refused ? "refused-address" : "network", refused ? err.message : describe(err), elapsed()));
    });
    request.end(body);
  });
}

const failure = (errorKind: ErrorKind, error: string, latencyMs: number): SendResult => ({
  ok: false,
  status: null,
  errorKind,
  error,
  latencyMs,
});

/** A network error in words an owner can act on (the code, not the stack). */
function describe(err: NodeJS.ErrnoException): string {
  const code = err.code ?? "error";
  if (code === "ECONNREFUSED") return "Connection refused: nothing listens at this address.";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "The host name does not resolve.";
  if (code === "ECONNRESET") return "The receiver closed the connection before answering.";
  if (code.startsWith("ERR_TLS") || code.includes("CERT"))
    return `TLS failed (${code}): check the receiver's certificate.`;
  return `Network error (${code}).`;
}
