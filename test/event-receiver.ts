/**
 * Test-only: a receiver of outbound events on a loopback port. It records every request (webhook-id,
 * headers, body) and answers as the test says: a status, or a hang. `accepted` counts the 2xx answers
 * per webhook-id, which is what "none twice" is about (a receiver dedupes on the webhook-id).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { OutboundEvent } from "@/lib/integration-api/outbound-schemas";

export type Received = {
  webhookId: string;
  headers: Record<string, string>;
  body: string;
  event: OutboundEvent;
  status: number;
};
/** What to answer a request: a status, or "hang" (never answer; the sender's timeout ends it). */
export type Answer = number | "hang";

export type EventReceiver = {
  url: string;
  received: Received[];
  /** The 2xx-answered events, in the order they arrived. */
  accepted(): Received[];
  answer: (request: { webhookId: string; event: OutboundEvent }) => Answer;
  stop(): Promise<void>;
};

export async function startEventReceiver(): Promise<EventReceiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: EventReceiver = {
    url: "",
    received: [],
    accepted: () => receiver.received.filter((r) => r.status >= 200 && r.status < 300),
    answer: () => 204,
    stop: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const event = JSON.parse(body) as OutboundEvent;
      const webhookId = String(request.headers["webhook-id"]);
      const answer = receiver.answer({ webhookId, event });
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      receiver.received.push({ webhookId, headers, body, event, status: answer === "hang" ? 0 : answer });
      if (answer === "hang") {
        hanging.add(response);
        return;
      }
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return receiver;
}
