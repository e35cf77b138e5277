import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { expect, test } from "@playwright/test";
import { listeningPid, rssMb } from "./support/server-process";
import { simControl } from "./support/simulator";
import { PORTAL_LOG, PORTAL_PORT } from "./test-env";

// The webhook is public: anyone can open connections to it and send anything. These run against the real
// server (`npm start` → `next start`), where Next.js's own request handling (and the proxy, if the webhook
// were behind it) comes before the route: a route-level test cannot see what happens there.

const WEBHOOK = "/api/webhooks/marketplace";
const MB = 1024 * 1024;

type Answer = { status: number | "closed"; requestId?: string; ms: number };

/**
 * POSTs a body of `size` bytes in 64 KB chunks on a connection of its own; stops sending as soon as the
 * portal answers. The connection is persistent, as a real sender's (Microsoft's included) is by default:
 * Node's server then reads and discards the rest of a refused body, so the answer reaches the sender.
 * (A sender that asks for `Connection: close` can see its write reset before it reads the answer: the
 * server closes with bytes still arriving, and TCP answers them with a reset that may overtake the answer.)
 */
function post(size: number, headers: Record<string, string>): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    const req = http.request({
      host: "127.0.0.1",
      port: PORTAL_PORT,
      path: WEBHOOK,
      method: "POST",
      headers,
      agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const requestId = res.headers["x-request-id"] as string | undefined;
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, requestId, ms: Date.now() - started }));
      req.destroy();
    });
    req.on("error", () => {
      if (!answered) resolve({ status: "closed", ms: Date.now() - started });
    });
    let sent = 0;
    const write = () => {
      while (!answered && sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

/** Sends the headers and `sent` bytes of a body declared as `declared` bytes, then waits for an answer (or the end of the connection). */
function postShort(declared: number, sent: number, headers: Record<string, string>, waitMs: number): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(PORTAL_PORT, "127.0.0.1");
    let received = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      const requestId = /\r\nx-request-id: ([^\r]+)/i.exec(received)?.[1];
      resolve({ status: status ? Number(status) : "closed", requestId, ms: Date.now() - started });
    };
    const timer = setTimeout(done, waitMs);
    socket.on("connect", () => {
      const head = Object.entries({
        host: `localhost:${PORTAL_PORT}`,
        "content-type": "application/json",
        "content-length": String(declared),
        ...headers,
      })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("");
      socket.write(`POST ${WEBHOOK} HTTP/1.1\r\n${head}\r\n${"x".repeat(sent)}`);
    });
    socket.on("data", (d) => {
      received += d.toString("latin1");
      if (received.includes("\r\n\r\n")) done();
    });
    socket.on("close", done);
    socket.on("error", () => undefined);
  });
}

/** The portal's log lines (JSON) of one request. */
function logLines(requestId: string): Record<string, unknown>[] {
  return fs
    .readFileSync(PORTAL_LOG, "utf8")
    .split("\n")
    .filter((l) => l.includes(requestId) && l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test("oversized and unauthenticated webhook bodies are refused unread: 40 connections sending 9 MB each leave the server's memory flat", async () => {
  test.setTimeout(120_000);
  const pid = listeningPid(PORTAL_PORT);
  // Warm up (code paths loaded, pools open), then measure.
  await Promise.all(Array.from({ length: 4 }, () => post(256 * 1024, {})));
  const before = rssMb(pid);
  // The peak while the bodies arrive: memory freed afterwards may stay with the process, and be reused, so the peak is the honest figure.
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 25);
  const run = Date.now();
  const big = Array.from({ length: 20 }, (_, i) => `e2e-big-${run}-${i}`);
  const anonymous = Array.from({ length: 20 }, (_, i) => `e2e-chunked-${run}-${i}`);
  const answers = await Promise.all([
    // Declared too large: refused by its Content-Length, before the token is even checked.
    ...big.map((id) => post(9 * MB, { "content-length": String(9 * MB), "x-request-id": id })),
    // No declared length (chunked) and no token: refused by the token check, the body never read.
    ...anonymous.map((id) => post(9 * MB, { "transfer-encoding": "chunked", "x-request-id": id })),
  ]);
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  // Every sender reads its refusal, answered before the body was read; the log shows each one too.
  expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(413));
  expect(answers.slice(20).map((a) => a.status)).toEqual(Array(20).fill(401));
  await expect
    .poll(() => big.filter((id) => logLines(id).some((l) => l.msg === "webhook refused: body too large")).length)
    .toBe(20);
  await expect
    .poll(
      () =>
        anonymous.filter((id) => logLines(id).some((l) => l.msg === "webhook refused: bearer token not accepted"))
          .length,
    )
    .toBe(20);
  // Buffered, these 360 MB of bodies would show (Next.js buffers up to 10 MB of each request the proxy sees).
  test
    .info()
    .annotations.push({ type: "rss", description: `portal ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB` });
  expect(peak - before, `the server's memory grew from ${before.toFixed(0)} MB to ${peak.toFixed(0)} MB`).toBeLessThan(
    60,
  );
});

test("a webhook body declared longer than it is gets an answer within seconds, logged with its request id", async () => {
  const { token } = await simControl<{ token: string }>("POST", "/tokens/mint", { preset: "webhook" });
  // Authenticated: the route reads the body, which never arrives in full → 408 after the body timeout.
  const slowId = `e2e-slow-${Date.now()}`;
  const slow = await postShort(2_000, 100, { authorization: `Bearer ${token}`, "x-request-id": slowId }, 15_000);
  expect(slow.status).toBe(408);
  expect(slow.ms).toBeLessThan(10_000);
  await expect.poll(() => logLines(slowId).map((l) => l.msg)).toContain("webhook refused: unreadable body");
  expect(JSON.stringify(logLines(slowId))).toMatch(/did not arrive in full/);

  // Without a token it is refused at once, without waiting for the body.
  const anonymousId = `e2e-anon-${Date.now()}`;
  const anonymous = await postShort(2_000, 100, { "x-request-id": anonymousId }, 15_000);
  expect(anonymous).toMatchObject({ status: 401, requestId: anonymousId });
  expect(anonymous.ms).toBeLessThan(3_000);
  await expect
    .poll(() => logLines(anonymousId).map((l) => l.msg))
    .toContain("webhook refused: bearer token not accepted");
});

test("the webhook, outside the proxy, still gets a request id: the caller's when well-formed, else a new one", async ({
  request,
}) => {
  const traced = await request.post(WEBHOOK, { headers: { "x-request-id": "trace-webhook-42" }, data: "{}" });
  expect(traced.status()).toBe(401);
  expect(traced.headers()["x-request-id"]).toBe("trace-webhook-42");
  const fresh = await request.post(WEBHOOK, { headers: { "x-request-id": "not a valid id; has spaces" }, data: "{}" });
  expect(fresh.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
