import type { SubscriptionRecord } from "@/lib/data/subscriptions";
import type { WebhookSettings } from "@/lib/env";
import { isMarketplaceError, type SaaSOperation, type SubscriptionSnapshot } from "@/lib/marketplace";
import type { MicrosoftCalls, Reading } from "../microsoft";
import type { WebhookPayload } from "../payload";
import type { Current } from "../policy";

/** What a handler works with: the payload (a hint), and Microsoft's operation and subscription (the truth). */
export type HandlerContext = {
  payload: WebhookPayload;
  op: SaaSOperation;
  /** Get Subscription, read beside Get Operation; undefined when Microsoft did not answer in time. */
  reading: Reading | undefined;
  /** The subscription's plan and seats as the policy judges them: Microsoft's reading, else the portal's copy or the payload's. */
  current: Current;
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
  reading: Reading | undefined;
  decision?: PolicyDecision;
  /**
   * The operation's outcome no longer depends on this delivery: the publisher's answer reached Microsoft,
   * or Microsoft closed the operation. A subscription that does not show it yet is then followed up,
   * not retried (a retry would decide again).
   */
  decided?: boolean;
  /** A sentence for the inbox about what was done. */
  note?: string;
};

/** What the portal knew before this delivery: its stored copy, and the payload's own snapshot (a hint). */
export type Before = { stored: SubscriptionRecord | null; payload: WebhookPayload };

export type ActionHandler = {
  act(context: HandlerContext): Promise<HandlerResult>;
  /** Whether Microsoft's subscription shows the effect of the operation, once it succeeded. */
  shows(subscription: SubscriptionSnapshot, op: SaaSOperation, before: Before): boolean;
};

/** Notices (Subscribe, Suspend, Renew, Unsubscribe): Microsoft already did it; nothing to answer but 200. */
export async function notice({ op, reading }: HandlerContext): Promise<HandlerResult> {
  return { operationStatus: op.status, reading };
}

/** Get Subscription after the handler changed something at Microsoft; undefined if it did not answer in time. */
export async function readAgain(microsoft: MicrosoftCalls, subscriptionId: string): Promise<Reading | undefined> {
  try {
    return await microsoft.readSubscription(subscriptionId);
  } catch (e) {
    if (isMarketplaceError(e)) return undefined;
    throw e;
  }
}
