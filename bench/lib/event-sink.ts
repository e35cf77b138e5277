/**
 * The outbound-events benchmark's receivers: loopback HTTP servers that time every answer, verify nothing
 * (the benchmark measures the portal, not a receiver), and fail a share of requests on purpose: 5xx, or a
 * hang the portal's timeout ends.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Accepted = {
  webhookId: string;
  eventId: bigint;
  subscriptionId: string | null;
  occurredAt: number;
  answeredAt: number;
};

export type EventSink = {
  url: string;
  /** 2xx answers, in the order they were given. */
  accepted: Accepted[];
  /** Requests answered with a failure or left hanging. */
  failed: number;
  /** Share of requests to fail (half with 503, half hanging). */
  faultRate: number;
  stop(): Promise<void>;
};

export async function startEventSink(): Promise<EventSink> {
  const hanging = new Set<http.ServerResponse>();
  const sink: EventSink = {
    url: "",
    accepted: [],
    failed: 0,
    faultRate: 0,
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
      const draw = Math.random();
      if (draw < sink.faultRate / 2) {
        sink.failed++;
        return void response.writeHead(503).end();
      }
      if (draw < sink.faultRate) {
        sink.failed++;
        hanging.add(response);
        response.on("close", () => hanging.delete(response));
        return;
      }
      const { data } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        data: { eventId: string; subscriptionId: string | null; occurredAt: string };
      };
      sink.accepted.push({
        webhookId: String(request.headers["webhook-id"]),
        eventId: BigInt(data.eventId),
        subscriptionId: data.subscriptionId,
        occurredAt: Date.parse(data.occurredAt),
        answeredAt: Date.now(),
      });
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return sink;
}

/** What the receivers got of a set of events: lost (never accepted), accepted more than once, out of order per subscription. */
export function verdict(sink: EventSink, eventIds: Set<bigint>) {
  const seen = new Map<bigint, number>();
  const lastPerSubscription = new Map<string, bigint>();
  let outOfOrder = 0;
  for (const a of sink.accepted) {
    if (!eventIds.has(a.eventId)) continue;
    seen.set(a.eventId, (seen.get(a.eventId) ?? 0) + 1);
    if (a.subscriptionId === null) continue;
    const last = lastPerSubscription.get(a.subscriptionId);
    if (last !== undefined && a.eventId < last) outOfOrder++;
    else lastPerSubscription.set(a.subscriptionId, a.eventId);
  }
  return {
    lost: [...eventIds].filter((id) => !seen.has(id)).length,
    twice: [...seen.values()].filter((n) => n > 1).length,
    outOfOrder,
  };
}
