/**
 * Reads a request body once, refusing it as soon as it exceeds `maxBytes`: first by its declared
 * Content-Length, then while reading (a chunked body, or one that lies about its length), so that an
 * oversized body is never held in memory whole.
 */
export type BodyResult = { ok: true; text: string } | { ok: false; status: 413 | 400; problem: string };

export async function readBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return { ok: false, status: 413, problem: `declared ${declared} bytes` };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, status: 413, problem: `more than ${maxBytes} bytes` };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return { ok: false, status: 400, problem: "the body is not UTF-8" };
  }
}
