import { describe, expect, it } from "vitest";
import { getEndpoint, updateEndpoint } from "@/lib/data/event-endpoints";
import { endpointsWithDueMessages } from "@/lib/data/outbound-messages";
import { replayEvents } from "@/lib/data/outbound-replay";
import { getDb } from "@/lib/db";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import {
  acceptedFor,
  acceptedTwice,
  HOUR,
  lifecycle,
  owner,
  store,
  setUpOutboundTest,
  webhookIdsOf,
} from "@/test/outbound-support";
import { RETRY_WINDOW_MS } from "./retry";

// Failures, retries, order and giving up, in the test's time: days of retries run in seconds.

const t = setUpOutboundTest();
const attempts = () =>
  getDb().outboundAttempt.findMany({ where: { endpointId: t.endpointId }, orderBy: { id: "asc" } });
const endpointEvents = (type: string) =>
  getDb().event.findMany({
    where: { subjectType: "event_endpoint", subjectId: t.endpointId, type },
    orderBy: { id: "asc" },
  });
/** Receiver settings far from the defaults, so that a test about retries is not cut short by disabling. */
const NEVER_DISABLE = { disableAfterMs: 100 * 24 * HOUR, disableAfterFailures: 1_000_000 };

describe("order per subscription", () => {
  it("holds a subscription's later events behind its failing first one, while other subscriptions flow", async () => {
    const a = await lifecycle();
    const b = await lifecycle();
    const [aFirst] = await webhookIdsOf(a);
    let failures = 3;
    t.receiver.answer = ({ webhookId }) => (webhookId === aFirst && failures-- > 0 ? 503 : 200);
    await t.run();
    // b's four went through; a's first failed and nothing after it was sent.
    expect(acceptedFor(t.receiver, b)).toEqual(await webhookIdsOf(b));
    expect(t.receiver.received.filter((r) => r.event.data.subscriptionId === a).map((r) => r.webhookId)).toEqual([
      aFirst,
    ]);
    // The minute's sweep leaves it alone while its only sendable message waits for its retry.
    expect(await endpointsWithDueMessages(t.clock())).not.toContain(t.endpointId);
    const retry = (await getDb().outboundMessage.findFirst({
      where: { endpointId: t.endpointId, attempts: 1, state: "pending" },
    }))!;
    expect(await endpointsWithDueMessages(retry.nextAttemptAt)).toContain(t.endpointId);
    await t.drain(() => t.receiver.accepted().length === 8);
    expect(acceptedFor(t.receiver, a)).toEqual(await webhookIdsOf(a));
    expect(acceptedTwice(t.receiver)).toEqual([]);
  });
});

describe("retries", () => {
  it("back off exponentially with jitter until the receiver accepts, and deliver each event once", async () => {
    const id = await lifecycle();
    let failures = 5;
    t.receiver.answer = () => (failures-- > 0 ? 500 : 200);
    await t.drain(() => t.receiver.accepted().length === 4);
    const log = await attempts();
    const first = log.filter((a) => a.messageId === log[0]!.messageId);
    expect(first.map((a) => a.httpStatus)).toEqual([500, 500, 500, 500, 500, 200]);
    expect(first.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    // Each wait is at most the exponential step (5 s, 10 s, 20 s…) and never below a second.
    const gaps = first.slice(1).map((a, i) => a.at.getTime() - first[i]!.at.getTime());
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(1_000);
      expect(gap).toBeLessThanOrEqual(5_000 * 2 ** i + 50);
    });
    expect(acceptedFor(t.receiver, id)).toEqual(await webhookIdsOf(id));
    expect(acceptedTwice(t.receiver)).toEqual([]);
  });

  it("receiver down for an hour of the test's time, then back: every event delivered, in order, none twice", async () => {
    const subscriptions = [await lifecycle(), await lifecycle(), await lifecycle()];
    const backAt = t.now + HOUR;
    t.receiver.answer = () => (t.now < backAt ? 502 : 200);
    await t.drain(() => t.receiver.accepted().length === 12);
    expect(t.receiver.received.filter((r) => r.status === 502).length).toBeGreaterThan(10);
    for (const id of subscriptions) expect(acceptedFor(t.receiver, id)).toEqual(await webhookIdsOf(id));
    expect(acceptedTwice(t.receiver)).toEqual([]);
    // The first success came soon after the receiver was back (the backoff is capped at an hour).
    const firstSuccess = (await attempts()).find((a) => a.httpStatus === 200)!;
    expect(firstSuccess.at.getTime()).toBeGreaterThanOrEqual(backAt);
    expect(firstSuccess.at.getTime()).toBeLessThan(backAt + HOUR);
    expect((await getEndpoint(t.endpointId))?.status).toBe("active");
  });

  it("give up 3 days after the first attempt: the message is dead-lettered and the next one flows", async () => {
    const s = subscriptionInput();
    await store(s);
    await store({ ...s, status: "Subscribed" });
    const [created, activated] = await webhookIdsOf(s.id);
    t.receiver.answer = ({ webhookId }) => (webhookId === created ? 500 : 200);
    await t.drain(() => t.receiver.accepted().length === 1, { settings: NEVER_DISABLE });
    const log = await attempts();
    const span = log.at(-2)!.at.getTime() - log[0]!.at.getTime();
    expect(span).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect(span).toBeLessThan(RETRY_WINDOW_MS + 2 * HOUR);
    expect(t.receiver.accepted().map((r) => r.webhookId)).toEqual([activated]);
    const [dead] = await endpointEvents("event_delivery.dead_lettered");
    expect(dead?.after).toMatchObject({ webhookId: created, attempts: log.length - 1 });
    expect(await getDb().outboundMessage.count({ where: { endpointId: t.endpointId, state: "dead" } })).toBe(1);
  });
});

describe("disabling", () => {
  it("a 410 disables the endpoint at once; its messages wait and flow again once an owner re-enables it", async () => {
    const id = await lifecycle();
    t.receiver.answer = () => 410;
    const summary = await t.run();
    expect(summary.disabled).toMatch(/410 Gone/);
    expect(t.receiver.received).toHaveLength(1);
    const endpoint = (await getEndpoint(t.endpointId))!;
    expect(endpoint).toMatchObject({ status: "disabled", pendingMessages: 4 });
    expect(await endpointEvents("event_endpoint.disabled")).toHaveLength(1);
    expect(await t.run()).toMatchObject({ delivered: 0, failed: 0 });
    t.receiver.answer = () => 200;
    await updateEndpoint(t.endpointId, { status: "active" }, owner);
    await t.drain(() => t.receiver.accepted().length === 4);
    expect(acceptedFor(t.receiver, id)).toEqual(await webhookIdsOf(id));
  });

  it("sustained failure disables it: no success for 24 hours and at least 10 failed attempts", async () => {
    await lifecycle();
    const start = t.now;
    t.receiver.answer = () => 500;
    await t.drain(async () => (await getEndpoint(t.endpointId))?.status === "disabled");
    const endpoint = (await getEndpoint(t.endpointId))!;
    expect(endpoint.disabledReason).toMatch(
      /^No successful delivery since .+ \(\d+ failed attempts; last: Answered 500\.\)\.$/,
    );
    expect(endpoint.failuresSinceSuccess).toBeGreaterThanOrEqual(10);
    expect(endpoint.disabledAt!.getTime() - start).toBeGreaterThanOrEqual(24 * HOUR);
    expect(endpoint.pendingMessages).toBe(4);
    const [disabled] = await endpointEvents("event_endpoint.disabled");
    expect(disabled).toMatchObject({ actorType: "system", after: { reason: endpoint.disabledReason } });
  });
});

describe("replay", () => {
  it("sends one event again, or every event of a time range, with the same webhook-id", async () => {
    const id = await lifecycle();
    await t.drain(() => t.receiver.accepted().length === 4);
    const ids = await webhookIdsOf(id);
    expect(await replayEvents(t.endpointId, { eventId: ids[1]!.slice(4) }, owner.actor)).toBe(1);
    await t.drain(() => t.receiver.accepted().length === 5);
    expect(t.receiver.accepted().at(-1)!.webhookId).toBe(ids[1]);
    const events = await getDb().event.findMany({ where: { subscriptionId: id }, orderBy: { id: "asc" } });
    const range = { from: events[0]!.at, to: new Date(events.at(-1)!.at.getTime() + 1) };
    expect(await replayEvents(t.endpointId, range, owner.actor)).toBe(4);
    await t.drain(() => t.receiver.accepted().length === 9);
    expect(acceptedFor(t.receiver, id).slice(5)).toEqual(ids);
    expect(await endpointEvents("event_delivery.replayed")).toHaveLength(2);
  });
});

describe("two senders at once", () => {
  it("never send one attempt twice", async () => {
    for (let i = 0; i < 40; i++) await store(subscriptionInput());
    const [a, b] = await Promise.all([t.run({ maxInFlight: 16 }), t.run({ maxInFlight: 16 })]);
    expect(a.delivered + b.delivered).toBe(40);
    expect(t.receiver.received).toHaveLength(40);
    expect(acceptedTwice(t.receiver)).toEqual([]);
    expect(await attempts()).toHaveLength(40);
  });
});
