/**
 * Reads a request body once, refusing it as soon as it exceeds `maxBytes`: first by its declared
 * Content-Length, then while reading (a chunked body, or one that lies about its length), so that an
 * oversized body is never held in memory whole. Shared by Microsoft's webhook and the JSON API routes
 * (lib/http/api-route.ts).
 *
 * A body must also arrive in full within `timeoutMs`. Microsoft's bodies are about 2 KB and come in one
 * packet; a sender that declares more than it sends, or trickles it, would otherwise hold the request (and
 * its connection) open until Node's own 5-minute request timeout, with nothing logged.
 */
export type BodyResult = { ok: true; text: string } | { ok: false; status: 413 | 400 | 408; problem: string };

/** How long a whole body may take to arrive once the handler starts reading it. */
export const BODY_TIMEOUT_MS = 5_000;

const TIMED_OUT = Symbol("timed out");

export async function readBody(request: Request, maxBytes: number, timeoutMs = BODY_TIMEOUT_MS): Promise<BodyResult> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes)
    return { ok: false, status: 413, problem: `declared ${declared} bytes` };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === TIMED_OUT) {
        // Not awaited: cancelling a request body that is still arriving settles only when the sender stops.
        void reader.cancel().catch(() => undefined);
        const of = declared !== null ? ` of ${declared} declared` : "";
        return {
          ok: false,
          status: 408,
          problem: `the body did not arrive in full within ${timeoutMs} ms (${size} bytes${of} received)`,
        };
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return { ok: false, status: 413, problem: `more than ${maxBytes} bytes` };
      }
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return { ok: false, status: 400, problem: "the body is not UTF-8" };
  }
}
