import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postUsage, sendBatch, UsageClientError, type UsageRecord } from "./client";

/**
 * A tiny stand-in for the portal's POST /api/v1/usage: it stores each request's records once per
 * Idempotency-Key and replays the first answer for a repeated key, as the portal does; `script` decides
 * what each arriving request gets first (a failure, a lost answer, or the real answer).
 */
type Step = "ok" | 503 | 429 | 400 | "reset" | "lose-answer";
type Seen = { key: string | undefined; auth: string | undefined; body: string };

async function fakePortal(script: Step[], answerFor?: (records: UsageRecord[]) => unknown) {
  const seen: Seen[] = [];
  const stored = new Map<string, string>();
  let storedRecords = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const key = req.headers["idempotency-key"] as string | undefined;
      seen.push({ key, auth: req.headers.authorization, body });
      const step = script.shift() ?? "ok";
      if (step === "reset") return req.socket.destroy();
      if (typeof step === "number") {
        res.writeHead(step, {
          "content-type": "application/problem+json",
          ...(step === 429 ? { "retry-after": "0" } : {}),
        });
        return res.end(JSON.stringify({ title: "nope", detail: `scripted ${step}` }));
      }
      let answer = key ? stored.get(key) : undefined;
      if (!answer) {
        const records = (JSON.parse(body) as { records: UsageRecord[] }).records;
        storedRecords += records.length;
        answer = JSON.stringify(
          answerFor?.(records) ?? {
            accepted: records.length,
            duplicates: 0,
            refused: 0,
            dryRun: false,
            results: records.map((r, index) => ({ index, id: r.id, status: "accepted" })),
          },
        );
        if (key) stored.set(key, answer);
      }
      // Processed and stored, but the connection drops before the answer arrives.
      if (step === "lose-answer") return req.socket.destroy();
      res.writeHead(JSON.parse(answer).refused ? 207 : 200, { "content-type": "application/json" });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, storedRecords: () => storedRecords };
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const records = (n: number, from = 0): UsageRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `rec-${from + i}`,
    subscriptionId: "6f1c2e0a-0000-4000-8000-000000000001",
    dimension: "api-calls",
    quantity: i + 1,
    occurredAt: "2026-12-05T09:15:00Z",
  }));
const waits: number[] = [];
const options = (portalUrl: string) => ({
  portalUrl,
  apiKey: "mkp_test_key",
  retryBaseMs: 1,
  sleep: async (ms: number) => void waits.push(ms),
});

describe("the reference usage client", () => {
  it("retries 5xx, 429, a reset connection and a lost answer with the same key and body; the records are stored once", async () => {
    const portal = await fakePortal([503, 429, "reset", "lose-answer", "ok"]);
    const report = await sendBatch(records(3), options(portal.url));
    expect(portal.seen).toHaveLength(5);
    expect(new Set(portal.seen.map((s) => s.key)).size).toBe(1);
    expect(portal.seen[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(portal.seen.map((s) => s.body)).size).toBe(1);
    expect(portal.seen.every((s) => s.auth === "Bearer mkp_test_key")).toBe(true);
    expect(report).toMatchObject({ attempts: 5, status: 200, idempotencyKey: portal.seen[0]!.key });
    expect(report.accepted.map((r) => r.id)).toEqual(["rec-0", "rec-1", "rec-2"]);
    // The lost answer's request was stored; its retry got the stored answer, not a second store.
    expect(portal.storedRecords()).toBe(3);
  });

  it("splits a 207 answer into accepted, duplicate and refused records, with each refusal's reason", async () => {
    const portal = await fakePortal([], (sent) => ({
      accepted: 1,
      duplicates: 1,
      refused: 2,
      dryRun: false,
      results: [
        { index: 0, id: sent[0]!.id, status: "accepted" },
        { index: 1, id: sent[1]!.id, status: "refused", reason: { code: "unknown-dimension", detail: "no such" } },
        { index: 2, id: sent[2]!.id, status: "duplicate" },
        { index: 3, id: sent[3]!.id, status: "refused", reason: { code: "too-old", detail: "older than 48 h" } },
      ],
    }));
    const sent = records(4);
    const report = await postUsage(sent, options(portal.url));
    expect(report.batches.map((b) => b.status)).toEqual([207]);
    expect(report.accepted).toEqual([sent[0]]);
    expect(report.duplicates).toEqual([sent[2]]);
    expect(report.refused).toEqual([
      { record: sent[1], code: "unknown-dimension", detail: "no such" },
      { record: sent[3], code: "too-old", detail: "older than 48 h" },
    ]);
  });

  it("posts in batches of batchSize, each with its own key, and reports every record", async () => {
    const portal = await fakePortal([]);
    const report = await postUsage(records(1_200), { ...options(portal.url), batchSize: 500, concurrency: 2 });
    const sizes = portal.seen.map((s) => (JSON.parse(s.body) as { records: unknown[] }).records.length);
    expect(sizes.sort()).toEqual([200, 500, 500]);
    expect(new Set(portal.seen.map((s) => s.key)).size).toBe(3);
    expect(report.accepted.map((r) => r.id)).toEqual(records(1_200).map((r) => r.id));
  });

  it("does not retry a request the portal refused as a whole, and says why", async () => {
    const portal = await fakePortal([400]);
    const failure = await sendBatch(records(1), options(portal.url)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UsageClientError);
    expect(failure).toMatchObject({ status: 400, message: expect.stringContaining("scripted 400") });
    expect(portal.seen).toHaveLength(1);
  });

  it("gives up after maxAttempts with the key to resend later", async () => {
    const portal = await fakePortal([503, 503, 503]);
    const failure = await sendBatch(records(1), { ...options(portal.url), maxAttempts: 3 }, "my-key").catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ name: "UsageClientError", status: 503, idempotencyKey: "my-key" });
    expect(portal.seen.map((s) => s.key)).toEqual(["my-key", "my-key", "my-key"]);
  });
});
