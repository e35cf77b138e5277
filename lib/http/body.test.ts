import { describe, expect, it } from "vitest";
import { readBody } from "./body";

const stream = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      chunks.forEach((c) => controller.enqueue(c));
      controller.close();
    },
  });
const request = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://portal.test/api/webhooks/marketplace", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);

describe("reading a webhook body", () => {
  it("reads a body up to the limit, exactly", async () => {
    expect(await readBody(request("x".repeat(1024)), 1024)).toEqual({ ok: true, text: "x".repeat(1024) });
  });

  it("refuses a declared length above the limit without reading", async () => {
    const body = stream([new Uint8Array(10)]);
    expect(await readBody(request(body, { "content-length": "2048" }), 1024)).toMatchObject({ ok: false, status: 413 });
    expect(body.locked).toBe(false);
  });

  it("stops reading a body without a length as soon as it passes the limit", async () => {
    const chunk = new Uint8Array(600).fill(32);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(chunk)) });
    expect(await readBody(request(endless), 1024)).toMatchObject({ ok: false, status: 413 });
    expect(pulled).toBeLessThan(5);
  });

  it("refuses bytes that are not UTF-8", async () => {
    expect(await readBody(request(stream([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])])), 1024)).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});

describe("a body that does not arrive", () => {
  it("gives up on a sender that stops part-way (declared more than it sends) after the timeout, with 408", async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new Uint8Array(500).fill(32)),
      cancel: () => void (cancelled = true),
    });
    const started = Date.now();
    const result = await readBody(request(stalled, { "content-length": "1000" }), 1024, 200);
    expect(result).toMatchObject({ ok: false, status: 408 });
    expect(result.ok ? "" : result.problem).toMatch(/500 bytes of 1000 declared/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cancelled).toBe(true);
  });
});
