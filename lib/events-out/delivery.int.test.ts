import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { rotateEndpointSecret, updateEndpoint } from "@/lib/data/event-endpoints";
import { recordEvent } from "@/lib/data/events";
import { replayEvents } from "@/lib/data/outbound-replay";
import { syncSubscription } from "@/lib/data/subscription-store";
import { getDb, inTransaction } from "@/lib/db";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import {
  acceptedFor,
  HOUR,
  lifecycle,
  owner,
  SETTINGS,
  store,
  setUpOutboundTest,
  webhookIdsOf,
} from "@/test/outbound-support";

// Fan-out and signing, against a real receiver on loopback and the test's database.

const t = setUpOutboundTest();
const messages = () =>
  getDb().outboundMessage.findMany({ where: { endpointId: t.endpointId }, orderBy: { id: "asc" } });

describe("fan-out", () => {
  it("queues a message in the transaction of the change, never for one that rolled back, only for subscribed types", async () => {
    const s = subscriptionInput();
    await inTransaction(async (tx) => {
      await syncSubscription(s, { actor: { type: "microsoft" }, action: "test.webhook" }, new Date(), tx);
      throw new Error("roll back");
    }).catch(() => undefined);
    expect(await messages()).toEqual([]);
    await store(s);
    await recordEvent({
      type: "reconcile.started",
      action: "reconcile.started",
      actor: { type: "system", id: "test" },
      subject: { type: "reconciliation", id: "r" },
    });
    const queued = await messages();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ subscriptionId: s.id, state: "pending", attempts: 0 });
    // The endpoint's job was woken in the same transaction: one pending job under its key, however many events.
    await store({ ...s, status: "Subscribed" });
    const key = `events.deliver:${t.endpointId}`;
    const jobs = await getDb().$queryRaw<
      { n: number; priority: number }[]
    >`SELECT count(*)::int AS n, min(priority) AS priority FROM graphile_worker.jobs WHERE key = ${key}`;
    expect(jobs[0]!.n).toBe(1);
    // Ahead of a webhook backlog's jobs (0), behind its decisions (-10): see DELIVER_PRIORITY.
    expect(jobs[0]!.priority).toBe(-5);
  });

  it("queues for a paused endpoint without sending; resuming sends what waited, in order", async () => {
    await updateEndpoint(t.endpointId, { status: "paused" }, owner);
    const id = await lifecycle();
    expect(await t.run()).toMatchObject({ delivered: 0 });
    expect(t.receiver.received).toEqual([]);
    await updateEndpoint(t.endpointId, { status: "active" }, owner);
    await t.drain(() => t.receiver.accepted().length === 4);
    expect(acceptedFor(t.receiver, id)).toEqual(await webhookIdsOf(id));
  });
});

describe("signatures", () => {
  it("verify with the standardwebhooks library and the endpoint's secret, and fail with another", async () => {
    await lifecycle();
    await t.drain(() => t.receiver.accepted().length === 4);
    const [first] = t.receiver.received;
    const headers = first!.headers;
    expect(headers["webhook-id"]).toMatch(/^evt_\d+$/);
    expect(new Webhook(t.secret).verify(first!.body, headers)).toMatchObject({ type: "subscription.created" });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(first!.body, headers)).toThrow();
    expect(() => new Webhook(t.secret).verify(first!.body.replace("created", "activated"), headers)).toThrow();
  });

  it("carry both the new and the previous secret for 24 hours after a rotation", async () => {
    const rotated = (await rotateEndpointSecret(t.endpointId, owner))!;
    expect(rotated).not.toBe(t.secret);
    await lifecycle();
    await t.drain(() => t.receiver.accepted().length === 4);
    const sent = t.receiver.received[0]!;
    expect(sent.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    for (const key of [rotated, t.secret]) expect(() => new Webhook(key).verify(sent.body, sent.headers)).not.toThrow();
    // A day later only the new secret signs.
    t.now += 25 * HOUR;
    await replayEvents(t.endpointId, { eventId: sent.webhookId.slice(4) }, owner.actor);
    await t.drain(() => t.receiver.accepted().length === 5, { settings: SETTINGS });
    const later = t.receiver.received.at(-1)!;
    expect(later.webhookId).toBe(sent.webhookId);
    expect(later.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    // (The test's clock is a day ahead, beyond verify()'s 5-minute tolerance: compare with the library's own signature.)
    const signedAt = new Date(Number(later.headers["webhook-timestamp"]) * 1000);
    expect(later.headers["webhook-signature"]).toBe(new Webhook(rotated).sign(later.webhookId, signedAt, later.body));
  });

  it("carry the payload's stable shape: only what changed, under the contract's names", async () => {
    const s = subscriptionInput({ status: "Subscribed", quantity: 10 });
    await store(s);
    await store({ ...s, quantity: 25 });
    await t.drain(() => t.receiver.accepted().length === 2);
    const change = t.receiver.received[1]!.event;
    expect(change).toMatchObject({
      type: "subscription.quantity_changed",
      data: { subscriptionId: s.id, before: { seats: 10 }, after: { seats: 25 } },
    });
    expect(Object.keys(change.data.after!)).toEqual(["seats"]);
    expect(change.timestamp).toBe(change.data.occurredAt);
  });
});
