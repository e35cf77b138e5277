/**
 * Outbound events from the portal: verify the Standard Webhooks signature with the `standardwebhooks`
 * library (the raw body, before parsing anything), dedupe on `webhook-id` (the portal sends an event
 * again after a timeout or a replay, always with the same id), then act on it. Here "act" is recording it;
 * a real app provisions, changes seats or blocks access, idempotently by subscription id, and answers 2xx
 * quickly (slow work goes to its own queue: the portal gives up on an answer after 10 s and retries).
 */
import fs from "node:fs";
import { Webhook, WebhookVerificationError } from "standardwebhooks";

export type ReceivedEvent = {
  webhookId: string;
  type: string;
  subscriptionId: string | null;
  eventId: string;
  receivedAt: string;
  after: unknown;
};

/** What /events answers, for the end-to-end tests' "receiver down" cases: ok (204), fail (500) or hang. */
export type AnswerMode = "ok" | "fail" | "hang";

export type EventInbox = {
  events: ReceivedEvent[];
  mode: AnswerMode;
  /** The secret to verify with (whsec_…); unset: every event is refused (401). */
  secret: string | undefined;
  /** Handles one delivery: the HTTP status to answer, or "hang". */
  receive(rawBody: string, headers: Record<string, string | undefined>): number | "hang";
};

export function createEventInbox(options: { secret?: string; file?: string }): EventInbox {
  const seen = new Set<string>();
  const events: ReceivedEvent[] =
    options.file && fs.existsSync(options.file)
      ? (JSON.parse(fs.readFileSync(options.file, "utf8")) as ReceivedEvent[])
      : [];
  for (const e of events) seen.add(e.webhookId);
  const inbox: EventInbox = {
    events,
    mode: "ok",
    secret: options.secret,
    receive(rawBody, headers) {
      if (inbox.mode === "hang") return "hang";
      if (inbox.mode === "fail") return 500;
      if (!inbox.secret) return 401;
      let payload: { type: string; data: { eventId: string; subscriptionId: string | null; after: unknown } };
      try {
        payload = new Webhook(inbox.secret).verify(rawBody, {
          "webhook-id": headers["webhook-id"] ?? "",
          "webhook-timestamp": headers["webhook-timestamp"] ?? "",
          "webhook-signature": headers["webhook-signature"] ?? "",
        }) as typeof payload;
      } catch (e) {
        if (e instanceof WebhookVerificationError) {
          console.log(`event refused: ${e.message}`);
          return 401;
        }
        throw e;
      }
      const webhookId = headers["webhook-id"]!;
      // Already handled: acknowledge again, do nothing again.
      if (seen.has(webhookId)) return 204;
      seen.add(webhookId);
      events.push({
        webhookId,
        type: payload.type,
        subscriptionId: payload.data.subscriptionId,
        eventId: payload.data.eventId,
        receivedAt: new Date().toISOString(),
        after: payload.data.after,
      });
      if (options.file) fs.writeFileSync(options.file, JSON.stringify(events, null, 2));
      console.log(`event ${payload.type} ${webhookId} for ${payload.data.subscriptionId ?? "no subscription"}`);
      return 204;
    },
  };
  return inbox;
}
