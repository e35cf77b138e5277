/**
 * Outbound events from the portal: verify the Standard Webhooks signature with the `standardwebhooks`
 * library (the raw body, before parsing anything), dedupe on `webhook-id` (the portal sends an event
 * again after a timeout or a replay, always with the same id), then act on it: the handler of its type, if
 * any (provisioning.ts for `subscription.provisioning_requested`), then record it. A real app also changes
 * seats or blocks access, idempotently by subscription id, and answers 2xx quickly (slow work goes to its
 * own queue: the portal gives up on an answer after 10 s and retries).
 */
import fs from "node:fs";
import { Webhook, WebhookVerificationError } from "standardwebhooks";

/** The portal's event, as signed (the README's Outbound events). */
export type PortalEvent = {
  type: string;
  data: {
    eventId: string;
    subscriptionId: string | null;
    after: unknown;
    /** subscription.provisioning_requested only: whom to provision and what the buyer entered. */
    provisioning?: { beneficiary?: { tenantId?: string | null }; buyerDetails?: Record<string, string> };
  };
};

/** Acts on one event; false when it could not (the receiver answers 500 and the portal delivers it again). */
export type EventHandler = (event: PortalEvent) => Promise<boolean>;

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
  receive(rawBody: string, headers: Record<string, string | undefined>): Promise<number | "hang">;
};

export function createEventInbox(options: {
  secret?: string;
  file?: string;
  handlers?: Partial<Record<string, EventHandler>>;
}): EventInbox {
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
    async receive(rawBody, headers) {
      if (inbox.mode === "hang") return "hang";
      if (inbox.mode === "fail") return 500;
      if (!inbox.secret) return 401;
      let payload: PortalEvent;
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
      // Not handled: not remembered either, so that the portal's next delivery tries again.
      const handled = (await options.handlers?.[payload.type]?.(payload)) ?? true;
      if (!handled) return 500;
      // Another delivery of it may have finished meanwhile.
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
