// A stand-in for the portal's webhook endpoint: records every call and answers as the test says.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export type ReceivedWebhook = {
  authorization?: string;
  contentType?: string;
  body: Record<string, unknown>;
  at: number;
};
export type Responder = (call: ReceivedWebhook, index: number) => { status: number; delayMs?: number };

export type WebhookReceiver = {
  url: string;
  calls: ReceivedWebhook[];
  respondWith(responder: Responder): void;
  /** Resolves once `count` calls arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const calls: ReceivedWebhook[] = [];
  let responder: Responder = () => ({ status: 200 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const call: ReceivedWebhook = {
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
        at: Date.now(),
      };
      calls.push(call);
      const answer = responder(call, calls.length - 1);
      const reply = (): void => {
        if (!res.destroyed) res.writeHead(answer.status, { "content-type": "text/plain" }).end("ok");
      };
      if (answer.delayMs) void sleep(answer.delayMs).then(reply);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/marketplace`,
    calls,
    respondWith(next) {
      responder = next;
    },
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (calls.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} webhook call(s), got ${calls.length}`);
        await sleep(10);
      }
      return calls.slice(0, count);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
