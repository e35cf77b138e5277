import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, updateEndpoint } from "@/lib/data/event-endpoints";
import { recordEvent } from "@/lib/data/events";
import { replayEvents } from "@/lib/data/outbound-replay";
import { syncSubscription } from "@/lib/data/subscription-store";
import { getDb, inTransaction } from "@/lib/db";
import { OUTBOUND_EVENT_TYPES } from "@/lib/domain/outbound-events";
import type { SubscriptionState } from "@/lib/domain/subscription";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { startEventReceiver, type EventReceiver } from "@/test/event-receiver";
import { deliverEndpoint, type DeliverySettings } from "./deliver";
import { RETRY_WINDOW_MS } from "./retry";

// The delivery engine against a real receiver on loopback and the test's database, with the clock in the
// test's hands: each run acts at `now`, and the test moves `now` to the time the run asked to be woken at.

const HOUR = 3_600_000;
const owner = { actor: { type: "user" as const, id: randomUUID(), label: "owner@fabrikam.example" }, label: "owner@fabrikam.example" };
const MICROSOFT = { actor: { type: "microsoft" as const }, action: "test.webhook" };
const SETTINGS: Partial<DeliverySettings> = { timeoutMs: 2_000, production: false };

let receiver: EventReceiver;
let endpointId: string;
let secret: string;
let now: number;
const clock = () => new Date(now);

beforeEach(async () => {
  receiver = await startEventReceiver();
  ({ secret, record: { id: endpointId } } = await createEndpoint(
    { name: "receiver", url: receiver.url, eventTypes: [...OUTBOUND_EVENT_TYPES] },
    owner,
  ));
  now = Date.now() + 1_000;
});
afterEach(async () => {
  await deleteEndpoint(endpointId, owner);
  await receiver.stop();
});

let observed = Date.now();
/** Stores Microsoft's state as the webhook would: the subscription's row and its event, in one transaction. */
async function store(state: SubscriptionState) {
  observed += 1_000;
  await syncSubscription(state, MICROSOFT, new Date(observed));
}
/** A subscription bought and activated, then suspended and reinstated: four events, in this order. */
async function lifecycle(): Promise<string> {
  const s = subscriptionInput();
  await store(s);
  await store({ ...s, status: "Subscribed" });
  await store({ ...s, status: "Suspended" });
  await store({ ...s, status: "Subscribed" });
  return s.id;
}
const messages = () => getDb().outboundMessage.findMany({ where: { endpointId }, orderBy: { id: "asc" } });
const eventIdsOf = async (subscriptionId: string) =>
  (await getDb().event.findMany({ where: { subscriptionId, type: { startsWith: "subscription." } }, orderBy: { id: "asc" } })).map(
    (e) => `evt_${e.id}`,
  );
const acceptedFor = (subscriptionId: string) =>
  receiver.accepted().filter((r) => r.event.data.subscriptionId === subscriptionId).map((r) => r.webhookId);
const acceptedTwice = () => {
  const ids = receiver.accepted().map((r) => r.webhookId);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
};

/** Runs the endpoint's job as the queue would, moving the clock to each wake-up, until `done` or nothing is left. */
async function drain(done: () => boolean | Promise<boolean>, settings: Partial<DeliverySettings> = {}, maxRuns = 2_000) {
  for (let run = 0; run < maxRuns; run++) {
    const summary = await deliverEndpoint(endpointId, { clock, budgetMs: 20_000, settings: { ...SETTINGS, ...settings } });
    if (await done()) return;
    if (!summary.nextAt) return;
    now = Math.max(now, summary.nextAt.getTime());
  }
  throw new Error("still not done");
}

describe("fan-out", () => {
  it("queues a message in the transaction of the change, never for one that rolled back, only for subscribed types", async () => {
    const s = subscriptionInput();
    await inTransaction(async (tx) => {
      await syncSubscription(s, MICROSOFT, new Date(), tx);
      throw new Error("roll back");
    }).catch(() => undefined);
    expect(await messages()).toEqual([]);
    await store(s);
    await recordEvent({ type: "reconcile.started", action: "reconcile.started", actor: { type: "system", id: "t" }, subject: { type: "reconciliation", id: "r" } });
    const queued = await messages();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ subscriptionId: s.id, state: "pending", attempts: 0 });
    // The endpoint's job was woken in the same transaction: one pending job under its key, whatever the number of events.
    await store({ ...s, status: "Subscribed" });
    const jobs = await getDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ${`events.deliver:${endpointId}`}`;
    expect(jobs[0]!.n).toBe(1);
  });

  it("queues for a paused endpoint without waking it; resuming sends what waited", async () => {
    await updateEndpoint(endpointId, { status: "paused" }, owner);
    const id = await lifecycle();
    expect(await deliverEndpoint(endpointId, { clock, settings: SETTINGS })).toMatchObject({ delivered: 0 });
    expect(receiver.received).toEqual([]);
    await updateEndpoint(endpointId, { status: "active" }, owner);
    await drain(() => receiver.accepted().length === 4);
    expect(acceptedFor(id)).toEqual(await eventIdsOf(id));
  });
});

describe("signatures", () => {
  it("verify with the standardwebhooks library and the endpoint's secret, and fail with another", async () => {
    await lifecycle();
    await drain(() => receiver.accepted().length === 4);
    const [first] = receiver.received;
    const headers = { "webhook-id": first!.headers["webhook-id"]!, "webhook-timestamp": first!.headers["webhook-timestamp"]!, "webhook-signature": first!.headers["webhook-signature"]! };
    expect(headers["webhook-id"]).toMatch(/^evt_\d+$/);
    expect(new Webhook(secret).verify(first!.body, headers)).toMatchObject({ type: "subscription.created" });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(first!.body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(first!.body.replace("created", "activated"), headers)).toThrow();
  });

  it("carry both the new and the previous secret for 24 hours after a rotation", async () => {
    const rotated = (await rotateEndpointSecret(endpointId, owner))!;
    expect(rotated).not.toBe(secret);
    await lifecycle();
    await drain(() => receiver.accepted().length === 4);
    const sent = receiver.received[0]!;
    expect(sent.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    for (const key of [rotated, secret]) expect(() => new Webhook(key).verify(sent.body, sent.headers)).not.toThrow();
    // A day later only the new secret signs.
    now += 25 * HOUR;
    await replayEvents(endpointId, { eventId: sent.webhookId.slice(4) }, owner.actor);
    await drain(() => receiver.accepted().length === 5);
    const later = receiver.received.at(-1)!;
    expect(later.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    // (The test's clock is a day ahead, beyond verify()'s 5-minute tolerance: compare with the library's own signature.)
    const signedAt = new Date(Number(later.headers["webhook-timestamp"]) * 1000);
    expect(later.headers["webhook-signature"]).toBe(new Webhook(rotated).sign(later.webhookId, signedAt, later.body));
  });
});
