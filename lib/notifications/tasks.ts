import "server-only";
import { z } from "zod";
import { wakeNotificationSender } from "@/lib/data/notifications";
import { defineTask } from "@/lib/jobs/task";
import { runDailyChecks } from "./checks";
import { sendDailyDigest } from "./digest";
import { sendDueNotifications } from "./send";

/**
 * Sends due notifications; added (keyed) by the fan-out triggers and by itself for the next retry, and
 * every minute as a backstop (a wake-up lost with its process delays a notification by a minute at most;
 * a tick that overlaps a run is safe: senders claim).
 */
export const sendNotificationsTask = defineTask({
  name: "notifications.send",
  payload: z.looseObject({}),
  schedule: "* * * * *",
  maxAttempts: 5,
  async run() {
    const summary = await sendDueNotifications();
    if (summary.nextAt) await wakeNotificationSender(summary.nextAt);
  },
});

/** Once a day (07:00 UTC, once across instances): yesterday's and older digest items, one message per channel. */
export const notificationDigestTask = defineTask({
  name: "notifications.digest",
  payload: z.looseObject({}),
  schedule: "0 7 * * *",
  maxAttempts: 6,
  async run() {
    const summary = await sendDailyDigest();
    // Items left pending (a transient failure) go with the task's own retry, with Graphile Worker's backoff.
    if (summary.failed) throw new Error(`notifications.digest: ${summary.failed} item(s) not delivered yet.`);
  },
});

/** Once a day (06:00 UTC) and at start: pending purchases and credential expiry. */
export const notificationChecksTask = defineTask({
  name: "notifications.checks",
  payload: z.looseObject({}),
  schedule: "0 6 * * *",
  atStart: true,
  maxAttempts: 3,
  async run() {
    await runDailyChecks();
  },
});
