import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, currentRequestId, sanitizeRequestId, scrub, withRequestId } from "./log";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return {
    logger: createLogger({ destination }),
    lines,
    json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("logger", () => {
  it("redacts tokens, secrets, cookies and personal data wherever they are nested", () => {
    const { logger, lines } = capture();
    const secret = "s3cr3t-value-that-must-not-leak";
    logger.info(
      {
        headers: { authorization: `Bearer ${secret}`, cookie: `session=${secret}`, "x-ms-marketplace-token": secret },
        body: { access_token: secret, client_secret: secret, nested: { refresh_token: secret, token: secret } },
        user: { email: "alice@contoso.example", preferred_username: "alice@contoso.example" },
        purchaser: { emailId: "alice@contoso.example" },
        subscriptionId: "kept-0000",
      },
      "request",
    );
    const out = lines.join("\n");
    expect(out).not.toContain(secret);
    expect(out).not.toContain("alice@contoso.example");
    expect(out).toContain("[redacted]");
    expect(out).toContain("kept-0000");
  });

  it("redacts at any depth, in arrays, whatever the key's case, and inside errors, keeping the error's message", () => {
    const { logger, json } = capture();
    const secret = "s3cr3t-value-that-must-not-leak";
    const failure = Object.assign(new Error("Entra refused"), {
      response: { headers: { Authorization: `Bearer ${secret}` } },
    });
    const inner = Object.assign(new TypeError("inner"), { config: { password: secret } });
    logger.error(
      {
        err: failure,
        a: { b: { c: { d: { e: { Token: secret } } } } },
        list: [{ clientSecret: secret }, "kept-1"],
        cause: inner,
        kept: "kept-2",
      },
      "failed",
    );
    const line = json()[0]!;
    const out = JSON.stringify(line);
    expect(out).not.toContain(secret);
    expect(out).toContain("kept-1");
    expect(out).toContain("kept-2");
    expect(line.err).toMatchObject({
      type: "Error",
      message: "Entra refused",
      response: { headers: { Authorization: "[redacted]" } },
    });
    expect(String((line.err as { stack?: string }).stack)).toContain("Entra refused");
    expect(line.cause).toMatchObject({ type: "TypeError", message: "inner", config: { password: "[redacted]" } });
  });

  it("drops what lies deeper than any real line, and survives a cycle", () => {
    const { logger, json } = capture();
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    logger.info({ loop }, "cycle");
    expect(JSON.stringify(json()[0])).toContain("[too deep]");
  });

  it("leaves a line without sensitive keys as it is (no copy)", () => {
    const clean = { a: { b: [1, { c: "x" }] }, at: new Date(0) };
    expect(scrub(clean)).toBe(clean);
    expect(scrub({ a: { email: "x@y" } })).toEqual({ a: { email: "[redacted]" } });
  });

  it("puts the request id on every line written inside a request, and none outside", async () => {
    const { logger, json } = capture();
    await withRequestId("req-123", async () => {
      logger.info("first");
      await new Promise((r) => setTimeout(r, 5));
      logger.warn("after an await");
      expect(currentRequestId()).toBe("req-123");
    });
    logger.info("outside");
    const [first, second, outside] = json();
    expect(first?.requestId).toBe("req-123");
    expect(second?.requestId).toBe("req-123");
    expect(outside?.requestId).toBeUndefined();
  });

  it("makes up a request id when the caller's is missing or unsafe", () => {
    const { logger, json } = capture();
    withRequestId("bad id\nwith newline", () => logger.info("x"));
    const requestId = json()[0]?.requestId as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sanitizeRequestId("abc-DEF_1.2:3")).toBe("abc-DEF_1.2:3");
    expect(sanitizeRequestId("x".repeat(101))).toBeUndefined();
  });
});
