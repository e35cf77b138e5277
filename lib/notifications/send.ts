import "server-only";
import { channelsForSending } from "@/lib/data/notification-settings";
import { captureMail } from "@/lib/data/notification-outbox";
import {
  claimNotifications,
  nextNotificationAt,
  recordNotificationOutcome,
  type ClaimedNotification,
  type NotificationOutcome,
} from "@/lib/data/notifications";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { renderNotification, type NotificationMessage } from "./render";
import { ChannelError, sendToChannel, type Channel, type TransportSettings } from "./transport";

/**
 * Sends the due immediate notifications: claim, render, send to each channel not reached yet, record. A
 * transient failure (network, 429, 5xx, SMTP 4xx) is retried with backoff; a permanent one, or the last
 * attempt, leaves the notification failed (shown on the admin page).
 */

export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
const BATCH = 20;

/** 30 s, 1 min, 2 min, … at most an hour apart. */
export const retryDelayMs = (attempt: number): number =>
  Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));

export type SendSettings = { portalUrl: string; transport: TransportSettings };

export function sendSettingsFromEnv(): SendSettings {
  const env = getEnv();
  return {
    portalUrl: env.portalUrl,
    transport: {
      smtp: env.notifications.smtp,
      from: env.notifications.from,
      capture: env.notifications.captureMail ? captureMail : null,
      timeoutMs: 10_000,
      production: env.isProduction,
    },
  };
}

export type SendOptions = { now?: () => Date; settings?: SendSettings; budgetMs?: number };
export type SendSummary = { sent: number; skipped: number; failed: number; retrying: number; nextAt: Date | null };

/** The result of sending one notification's messages to its channels (shared with the digest). */
export type ChannelResults = { done: string[]; errors: ChannelError[] };

export async function deliverToChannels(
  channels: readonly Channel[],
  messages: readonly NotificationMessage[],
  transport: TransportSettings,
): Promise<ChannelResults> {
  const done: string[] = [];
  const errors: ChannelError[] = [];
  for (const channel of channels) {
    try {
      await sendToChannel(channel, messages, transport);
      done.push(channel.id);
    } catch (e) {
      const error = e instanceof ChannelError ? e : new ChannelError("The channel failed unexpectedly.", true);
      if (!(e instanceof ChannelError)) log.warn({ err: e, channelId: channel.id }, "notifications: channel failed");
      errors.push(new ChannelError(`${channel.name}: ${error.message}`, error.transient));
    }
  }
  return { done, errors };
}

/** What becomes of a notification after an attempt at its remaining channels. */
export function outcomeOf(
  n: Pick<ClaimedNotification, "attempts" | "channelsDone">,
  results: ChannelResults,
  now: Date,
): NotificationOutcome {
  const channelsDone = [...n.channelsDone, ...results.done];
  if (!results.errors.length) return { channelsDone, state: "sent", lastError: null, now };
  const lastError = results.errors.map((e) => e.message).join(" ");
  const retry = results.errors.some((e) => e.transient) && n.attempts < MAX_ATTEMPTS;
  return retry
    ? { channelsDone, state: "pending", retryAt: new Date(now.getTime() + retryDelayMs(n.attempts)), lastError, now }
    : { channelsDone, state: "failed", lastError, now };
}

async function sendOne(
  n: ClaimedNotification,
  settings: SendSettings,
  now: Date,
): Promise<NotificationOutcome["state"]> {
  const message = renderNotification(n, settings.portalUrl);
  const channels = (await channelsForSending(n.channelIds)).filter((c) => !n.channelsDone.includes(c.id));
  if (!message || !channels.length) {
    const lastError = message ? "The rule had no channel when this happened." : null;
    await recordNotificationOutcome(n, { channelsDone: n.channelsDone, state: "skipped", lastError, now });
    return "skipped";
  }
  const outcome = outcomeOf(n, await deliverToChannels(channels, [message], settings.transport), now);
  await recordNotificationOutcome(n, outcome);
  return outcome.state;
}

export async function sendDueNotifications(options: SendOptions = {}): Promise<SendSummary> {
  const clock = options.now ?? (() => new Date());
  const settings = options.settings ?? sendSettingsFromEnv();
  const started = Date.now();
  const summary: SendSummary = { sent: 0, skipped: 0, failed: 0, retrying: 0, nextAt: null };
  const budget = options.budgetMs ?? 20_000;
  while (Date.now() - started < budget) {
    const claimed = await claimNotifications({ delivery: "immediate", now: clock(), limit: BATCH, claimMs: 120_000 });
    if (!claimed.length) break;
    for (const n of claimed) {
      const state = await sendOne(n, settings, clock());
      if (state === "pending") summary.retrying++;
      else summary[state]++;
    }
  }
  summary.nextAt = await nextNotificationAt();
  return summary;
}
