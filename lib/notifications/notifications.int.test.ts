import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordEvent } from "@/lib/data/events";
import { createChannel, saveRule, type RuleChange } from "@/lib/data/notification-settings";
import { captureMail, listCapturedMail } from "@/lib/data/notification-outbox";
import { syncSubscription } from "@/lib/data/subscription-store";
import { claimNotifications, recordNotificationOutcome } from "@/lib/data/notifications";
import { getDb } from "@/lib/db";
import type { SubscriptionState } from "@/lib/domain/subscription";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { startJsonReceiver, type JsonReceiver } from "@/test/notification-support";
import { checkPendingPurchases } from "./checks";
import { sendDailyDigest } from "./digest";
import { NOTIFICATION_RULE_KINDS, NOTIFICATION_RULES, type NotificationRuleKind } from "./rules";
import { sendDueNotifications, type SendSettings } from "./send";
import { sendToChannel } from "./transport";

// The fan-out, the sender's claims, retries, the digest and the daily checks, on the test's database, with
// a Teams/Slack-like receiver on loopback. SMTP is in smtp.int.test.ts.

const PORTAL = "https://portal.example";
const owner = { id: randomUUID(), label: "owner@fabrikam.example" };
const settings = (over: Partial<SendSettings["transport"]> = {}): SendSettings => ({
  portalUrl: PORTAL,
  transport: {
    smtp: undefined,
    from: "portal@fabrikam.example",
    capture: captureMail,
    timeoutMs: 2_000,
    production: false,
    ...over,
  },
});
const send = (now = new Date()) => sendDueNotifications({ now: () => now, settings: settings() });

let observed = Date.now();
async function store(state: SubscriptionState) {
  observed += 1_000;
  await syncSubscription(state, { actor: { type: "microsoft" }, action: "test.webhook" }, new Date(observed));
}
const rule = (kind: NotificationRuleKind, channelIds: string[], change: Partial<RuleChange> = {}) =>
  saveRule(kind, { enabled: true, delivery: "immediate", channelIds, params: {}, ...change }, owner);
const notifications = () => getDb().notification.findMany({ orderBy: { id: "asc" } });

let receiver: JsonReceiver;
beforeEach(async () => {
  receiver = await startJsonReceiver();
});
afterEach(async () => {
  await receiver.stop();
  const db = getDb();
  await db.notificationRule.updateMany({ data: { enabled: false, channelIds: [] } });
  await db.notification.deleteMany();
  await db.notificationChannel.deleteMany();
  await db.capturedMail.deleteMany();
});

describe("fan-out and sending", () => {
  it("sends one notification per event and rule, even with two senders racing, with a link to the subscription", async () => {
    const slack = await createChannel({ kind: "slack", name: "#sales", target: receiver.url }, owner);
    await rule("new_purchase", [slack]);
    const bought = Array.from({ length: 6 }, () => subscriptionInput());
    for (const s of bought) await store(s);
    await store({ ...bought[0]!, status: "Subscribed" }); // activated: not a purchase
    expect(await notifications()).toHaveLength(6);
    const autoActivated = subscriptionInput({ status: "Subscribed" }); // first seen active: a purchase
    await store(autoActivated);
    bought.push(autoActivated);
    expect(await notifications()).toHaveLength(7);
    const wake = await getDb().$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = 'notifications.send'`;
    expect(wake[0]!.n).toBe(1);

    const [a, b] = await Promise.all([send(), send()]);
    expect(a.sent + b.sent).toBe(7);
    expect(await send()).toMatchObject({ sent: 0 });
    const texts = receiver.bodies.map((body) => (body as { text: string }).text);
    expect(texts).toHaveLength(7);
    for (const s of bought)
      expect(texts.filter((t) => t.endsWith(`${PORTAL}/admin/subscriptions/${s.id}`))).toHaveLength(1);
    expect((await notifications()).every((n) => n.state === "sent" && n.attempts === 1)).toBe(true);
  });

  it("fires every event-driven rule once per event with two senders racing", async () => {
    const slack = await createChannel({ kind: "slack", name: "#all", target: receiver.url }, owner);
    const driven = NOTIFICATION_RULE_KINDS.filter((k) => NOTIFICATION_RULES[k].eventTypes.length);
    for (const kind of driven) await rule(kind, [slack]);
    const s = subscriptionInput({ status: "Subscribed" });
    await store(s);
    const subject = { type: "subscription" as const, id: s.id };
    const system = { type: "system" as const, id: "test" };
    for (const kind of driven) {
      const type = NOTIFICATION_RULES[kind].eventTypes[0]!;
      if (type === "subscription.created") continue; // store() made it
      const other = type === "event_endpoint.disabled" || type === "usage.flagged";
      await recordEvent({
        type,
        action: type,
        actor: system,
        subject: other
          ? { type: type === "usage.flagged" ? "usage_hour" : "event_endpoint", id: randomUUID() }
          : subject,
        after: { accepted: false, reason: "test" },
      });
    }
    const [a, b] = await Promise.all([send(), send()]);
    expect(
      (await notifications()).filter((n) => n.state !== "sent").map((n) => [n.ruleKind, n.state, n.lastError]),
    ).toEqual([]);
    expect(a.sent + b.sent).toBe(driven.length);
    const made = await notifications();
    expect(made.map((n) => n.ruleKind).sort()).toEqual([...driven].sort());
    expect(receiver.bodies).toHaveLength(driven.length);
  });

  it("posts Slack { text, blocks } and a Teams Adaptive Card", async () => {
    const slack = await createChannel({ kind: "slack", name: "#ops", target: receiver.url }, owner);
    const teams = await createChannel({ kind: "teams", name: "Ops", target: receiver.url }, owner);
    await rule("suspension", [slack, teams]);
    const s = subscriptionInput({ status: "Subscribed" });
    await store(s);
    await store({ ...s, status: "Suspended" });
    await send();
    const link = `${PORTAL}/admin/subscriptions/${s.id}`;
    expect(receiver.bodies).toHaveLength(2);
    expect(receiver.bodies[0]).toMatchObject({
      text: `Suspended: ${s.name}: ${link}`,
      blocks: expect.arrayContaining([
        { type: "header", text: { type: "plain_text", text: `Suspended: ${s.name}` } },
        {
          type: "actions",
          elements: [{ type: "button", text: { type: "plain_text", text: "Open the subscription" }, url: link }],
        },
      ]),
    });
    expect(receiver.bodies[1]).toMatchObject({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          content: {
            type: "AdaptiveCard",
            version: "1.4",
            body: expect.arrayContaining([expect.objectContaining({ type: "FactSet" })]),
            actions: [{ type: "Action.OpenUrl", title: "Open the subscription", url: link }],
          },
        },
      ],
    });
  });

  it("audits rule and channel changes without the webhook URL", async () => {
    const since = (await getDb().event.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const slack = await createChannel({ kind: "slack", name: "#sales", target: receiver.url }, owner);
    await rule("new_purchase", [slack]);
    const events = await getDb().event.findMany({ where: { type: "setting.changed", id: { gt: since } } });
    expect(events.map((e) => e.subjectId).sort()).toEqual([
      `notifications.channel.${slack}`,
      "notifications.rule.new_purchase",
    ]);
    expect(JSON.stringify(events.map((e) => [e.before, e.after]))).not.toContain("secret-token");
  });

  it("retries a transient failure with backoff, and gives up on a permanent one", async () => {
    const slack = await createChannel({ kind: "slack", name: "#sales", target: receiver.url }, owner);
    await rule("new_purchase", [slack]);
    receiver.answer = () => 503;
    await store(subscriptionInput());
    const now = new Date(Date.now() + 1_000);
    expect(await send(now)).toMatchObject({ retrying: 1 });
    const [pending] = await notifications();
    expect(pending).toMatchObject({ state: "pending", lastError: "#sales: The webhook answered 503." });
    expect(pending!.nextAttemptAt.getTime()).toBe(now.getTime() + 30_000);
    receiver.answer = () => 200;
    expect(await send(new Date(now.getTime() + 29_000))).toMatchObject({ sent: 0 });
    expect(await send(new Date(now.getTime() + 30_000))).toMatchObject({ sent: 1 });

    receiver.answer = () => 404;
    await store(subscriptionInput());
    expect(await send(new Date(now.getTime() + 31_000))).toMatchObject({ failed: 1 });
    expect((await notifications())[1]).toMatchObject({
      state: "failed",
      lastError: "#sales: The webhook answered 404.",
    });
  });

  it("schedules the next run after another sender's claim, not at once", async () => {
    const slack = await createChannel({ kind: "slack", name: "#sales", target: receiver.url }, owner);
    await rule("new_purchase", [slack]);
    await store(subscriptionInput());
    const now = new Date(Date.now() + 1_000);
    const [held] = await claimNotifications({ delivery: "immediate", now, limit: 10, claimMs: 60_000 });
    expect(held).toBeDefined();
    expect(await send(now)).toMatchObject({ sent: 0, nextAt: new Date(now.getTime() + 60_000) });
    // A sender that died: its claim expires and another sends it, once.
    expect(await send(new Date(now.getTime() + 60_000))).toMatchObject({ sent: 1, nextAt: null });
    expect(await recordNotificationOutcome(held!, { channelsDone: [], state: "failed", lastError: "late", now })).toBe(
      false,
    );
    expect(receiver.bodies).toHaveLength(1);
  });

  it("skips a change decision that accepted, sends one that refused", async () => {
    const slack = await createChannel({ kind: "slack", name: "#ops", target: receiver.url }, owner);
    await rule("change_refused", [slack]);
    const s = subscriptionInput({ status: "Subscribed" });
    await store(s);
    for (const accepted of [true, false])
      await recordEvent({
        type: "webhook.change_decided",
        action: `webhook.ChangePlan.${accepted ? "accepted" : "refused"}`,
        actor: { type: "system", id: "webhook-policy" },
        subject: { type: "subscription", id: s.id },
        after: { accepted, reason: "Downgrades are refused by WEBHOOK_CHANGE_POLICY.", from: "pro", to: "basic" },
      });
    expect(await send()).toMatchObject({ sent: 1, skipped: 1 });
    expect((receiver.bodies[0] as { text: string }).text).toContain("Customer change refused");
  });

  it("notifies a failed webhook delivery once per failure", async () => {
    const slack = await createChannel({ kind: "slack", name: "#ops", target: receiver.url }, owner);
    await rule("webhook_failing", [slack]);
    const db = getDb();
    const d = await db.webhookDelivery.create({
      data: { operationId: randomUUID(), action: "ChangePlan", payload: {} },
    });
    await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "Running" } });
    await db.webhookDelivery.update({
      where: { id: d.id },
      data: { status: "Failed", outcome: "Microsoft unreachable." },
    });
    await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "Failed" } });
    expect(await notifications()).toHaveLength(1);
    await send();
    expect((receiver.bodies[0] as { text: string }).text).toContain(`${PORTAL}/admin/webhooks?status=Failed`);
  });
});

describe("local capture", () => {
  it("stores e-mail instead of sending it when no SMTP server is set", async () => {
    const email = await createChannel({ kind: "email", name: "Sales", target: "sales@fabrikam.example" }, owner);
    await rule("new_purchase", [email]);
    const s = subscriptionInput();
    await store(s);
    await send();
    const [mail] = await listCapturedMail();
    expect(mail).toMatchObject({ to: "sales@fabrikam.example", subject: `New purchase: ${s.name}` });
    expect(mail!.html).toContain(`<a href="${PORTAL}/admin/subscriptions/${s.id}">Open the subscription</a>`);
  });

  it("keeps only the newest captured mails", async () => {
    for (let i = 1; i <= 5; i++) await captureMail("a@fabrikam.example", { subject: `#${i}`, text: "", html: "" }, 3);
    expect((await listCapturedMail()).map((m) => m.subject)).toEqual(["#5", "#4", "#3"]);
  });
});

describe("daily digest", () => {
  it("collects a day's items into one message per channel, once, on the next day", async () => {
    const slack = await createChannel({ kind: "slack", name: "#sales", target: receiver.url }, owner);
    const email = await createChannel({ kind: "email", name: "Sales", target: "sales@fabrikam.example" }, owner);
    await rule("new_purchase", [slack, email], { delivery: "digest" });
    for (let i = 0; i < 3; i++) await store(subscriptionInput());
    expect(await send()).toMatchObject({ sent: 0 }); // digest items wait for the digest
    const today = new Date();
    expect(await sendDailyDigest({ now: today, settings: settings() })).toMatchObject({ items: 0 });
    const tomorrow = new Date(today.getTime() + 86_400_000);
    expect(await sendDailyDigest({ now: tomorrow, settings: settings() })).toMatchObject({
      items: 3,
      channels: 2,
      failed: 0,
    });
    expect(await sendDailyDigest({ now: tomorrow, settings: settings() })).toMatchObject({ items: 0 });
    expect(receiver.bodies).toHaveLength(1);
    expect(receiver.bodies[0]).toMatchObject({ text: "Daily digest: 3 notifications" });
    const mails = await listCapturedMail();
    expect(mails.map((m) => m.subject)).toEqual(["Daily digest: 3 notifications"]);
    expect(mails[0]!.text.match(/New purchase: /g)).toHaveLength(3);
    expect((await notifications()).every((n) => n.state === "sent")).toBe(true);
  });
});

describe("daily checks", () => {
  it("remind once at N days and escalate once near 30, however many checks run", async () => {
    const slack = await createChannel({ kind: "slack", name: "#sales", target: receiver.url }, owner);
    await rule("pending_activation", [slack], { params: { remindDays: 5, escalateDays: 25 } });
    const now = new Date();
    const s = subscriptionInput({ purchasedAt: new Date(now.getTime() - 6 * 86_400_000) });
    await store(s);
    // Other tests' purchases wait too: count this one's, and that the racing runs made no duplicate at all.
    const mine = async () =>
      (await notifications()).filter((n) => (n.data as { subscriptionId?: string }).subscriptionId === s.id);
    const runs = await Promise.all([
      checkPendingPurchases(now),
      checkPendingPurchases(now),
      checkPendingPurchases(now),
    ]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe((await notifications()).length);
    expect(await mine()).toHaveLength(1);
    await checkPendingPurchases(new Date(now.getTime() + 86_400_000));
    expect(await mine()).toHaveLength(1);
    await checkPendingPurchases(new Date(now.getTime() + 20 * 86_400_000));
    expect((await mine()).map((n) => n.dedupeKey)).toEqual([`pending:${s.id}:remind`, `pending:${s.id}:escalate`]);
    await send();
    const texts = receiver.bodies.map((b) => (b as { text: string }).text).filter((t) => t.includes(s.id));
    expect(texts).toEqual([
      `Purchase pending activation for 6 days: ${s.name}: ${PORTAL}/admin/subscriptions/${s.id}`,
      `Urgent: Purchase pending activation for 26 days: ${s.name}: ${PORTAL}/admin/subscriptions/${s.id}`,
    ]);
  });
});

describe("webhook transport in production", () => {
  it("refuses a webhook on an internal address, permanently, and never reaches it", async () => {
    const message = { title: "t", summary: "s", facts: [], link: { label: "Open", url: `${PORTAL}/admin` } };
    const channel = { id: randomUUID(), kind: "slack" as const, name: "#ops", target: receiver.url };
    const refused = await sendToChannel(channel, [message], { ...settings().transport, production: true }).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ transient: false });
    expect((refused as Error).message).not.toContain("secret-token");
    expect(receiver.bodies).toHaveLength(0);
  });
});
