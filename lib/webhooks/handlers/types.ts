import type { WebhookSettings } from "@/lib/env";
import type { SaaSOperation, SubscriptionSnapshot } from "@/lib/marketplace";
import type { MicrosoftCalls, Reading } from "../microsoft";
import type { WebhookPayload } from "../payload";

/** What a handler works with: the payload (a hint), and Microsoft's operation and subscription (the truth). */
export type HandlerContext = {
  payload: WebhookPayload;
  op: SaaSOperation;
  /** Get Subscription, read beside Get Operation. */
  reading: Reading;
  settings: WebhookSettings;
  microsoft: MicrosoftCalls;
  /** The publisher started it (PATCH or DELETE): Microsoft answers 500 to an acknowledgement. */
  byPublisher: boolean;
};

/** A decision the publisher's policy made, audited as the portal's own. */
export type PolicyDecision = { action: string; accept: boolean; reason: string; details: Record<string, unknown> };

export type HandlerResult = {
  /** How Microsoft's operation ends as far as this attempt knows (after its own acknowledgement). */
  operationStatus: string;
  /** The reading to store: the one given, or a fresh one after the handler changed something at Microsoft. */
  reading: Reading;
  decision?: PolicyDecision;
  /** A status other than 200 to answer: a 4xx is Microsoft's other way to refuse a change in time. */
  answer?: number;
  /** A sentence for the inbox about what was done. */
  note?: string;
};

export type ActionHandler = {
  act(context: HandlerContext): Promise<HandlerResult>;
  /** Whether Microsoft's subscription shows the effect of the operation, once it succeeded. */
  shows(subscription: SubscriptionSnapshot, op: SaaSOperation): boolean;
};

/** Notices (Subscribe, Suspend, Renew, Unsubscribe): Microsoft already did it; nothing to answer but 200. */
export async function notice({ op, reading }: HandlerContext): Promise<HandlerResult> {
  return { operationStatus: op.status, reading };
}
