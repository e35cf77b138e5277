import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, currentRequestId, sanitizeRequestId, withRequestId } from "./log";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ destination }), lines, json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
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
