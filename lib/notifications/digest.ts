import "server-only";
import { channelsForSending } from "@/lib/data/notification-settings";
import { claimNotifications, recordNotificationOutcome, type ClaimedNotification } from "@/lib/data/notifications";
import { renderNotification, type NotificationMessage } from "./render";
import { deliverToChannels, outcomeOf, sendSettingsFromEnv, type SendSettings } from "./send";
import type { ChannelError } from "./transport";

/**
 * The daily digest: every digest notification made before today (UTC midnight), one message per channel
 * (an e-mail channel is its recipients) listing its items in order. Run by a crontab schedule, so once
 * across every instance; the claims keep a run that overlaps a retried one from sending an item twice.
 */

export type DigestSummary = { items: number; channels: number; failed: number };

const startOfDayUtc = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

export async function sendDailyDigest(options: { now?: Date; settings?: SendSettings } = {}): Promise<DigestSummary> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? sendSettingsFromEnv();
  const claimed = await claimNotifications({
    delivery: "digest",
    now,
    before: startOfDayUtc(now),
    limit: 5_000,
    claimMs: 10 * 60_000,
  });
  const rendered: { n: ClaimedNotification; message: NotificationMessage }[] = [];
  for (const n of claimed) {
    const message = renderNotification(n, settings.portalUrl);
    if (message) rendered.push({ n, message });
    else await recordNotificationOutcome(n, { channelsDone: n.channelsDone, state: "skipped", lastError: null, now });
  }
  const channelIds = [
    ...new Set(rendered.flatMap(({ n }) => n.channelIds.filter((id) => !n.channelsDone.includes(id)))),
  ];
  const channels = await channelsForSending(channelIds);
  const reached = new Set<string>();
  const errors = new Map<string, ChannelError>();
  for (const channel of channels) {
    const items = rendered.filter(({ n }) => n.channelIds.includes(channel.id) && !n.channelsDone.includes(channel.id));
    const result = await deliverToChannels(
      [channel],
      items.map((i) => i.message),
      settings.transport,
    );
    if (result.done.length) reached.add(channel.id);
    else if (result.errors[0]) errors.set(channel.id, result.errors[0]);
  }
  let failed = 0;
  for (const { n } of rendered) {
    const mine = n.channelIds.filter((id) => !n.channelsDone.includes(id) && channels.some((c) => c.id === id));
    if (!mine.length) {
      await recordNotificationOutcome(n, {
        channelsDone: n.channelsDone,
        state: "skipped",
        lastError: "The rule had no channel when this happened.",
        now,
      });
      continue;
    }
    const outcome = outcomeOf(
      n,
      { done: mine.filter((id) => reached.has(id)), errors: mine.flatMap((id) => errors.get(id) ?? []) },
      now,
    );
    if (outcome.state !== "sent") failed++;
    // A digest item is retried by the next digest run (the task's own retries), not at its backoff time.
    await recordNotificationOutcome(n, { ...outcome, retryAt: undefined });
  }
  return { items: rendered.length, channels: channels.length, failed };
}
