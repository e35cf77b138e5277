/**
 * Test-only: the setting of the outbound-events integration tests. Each test gets a receiver on loopback
 * and an endpoint registered for every type; the clock is the test's (`t.now`), and `t.drain` runs the
 * endpoint's job as the queue would, moving the clock to each wake-up the run asks for.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach } from "vitest";
import { createEndpoint, deleteEndpoint } from "@/lib/data/event-endpoints";
import { syncSubscription } from "@/lib/data/subscription-store";
import { getDb } from "@/lib/db";
import { OUTBOUND_EVENT_TYPES } from "@/lib/domain/outbound-events";
import type { SubscriptionState } from "@/lib/domain/subscription";
import { deliverEndpoint, type DeliverOptions, type DeliverySettings } from "@/lib/events-out/deliver";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { startEventReceiver, type EventReceiver } from "@/test/event-receiver";

export const HOUR = 3_600_000;
export const owner = {
  actor: { type: "user" as const, id: randomUUID(), label: "owner@fabrikam.example" },
  label: "owner@fabrikam.example",
};
const MICROSOFT = { actor: { type: "microsoft" as const }, action: "test.webhook" };
export const SETTINGS: Partial<DeliverySettings> = { timeoutMs: 2_000, production: false };

export type OutboundTest = {
  receiver: EventReceiver;
  endpointId: string;
  secret: string;
  now: number;
  clock: () => Date;
  /** Runs the job until `done` (or nothing is left to send); throws after maxRuns. */
  drain(
    done: () => boolean | Promise<boolean>,
    options?: { settings?: Partial<DeliverySettings>; maxRuns?: number },
  ): Promise<void>;
  run(options?: DeliverOptions): ReturnType<typeof deliverEndpoint>;
};

export function setUpOutboundTest(): OutboundTest {
  const t = { now: 0 } as OutboundTest;
  t.clock = () => new Date(t.now);
  t.run = (options = {}) =>
    deliverEndpoint(t.endpointId, {
      clock: t.clock,
      budgetMs: 20_000,
      ...options,
      settings: { ...SETTINGS, ...options.settings },
    });
  t.drain = async (done, { settings, maxRuns = 2_000 } = {}) => {
    for (let i = 0; i < maxRuns; i++) {
      const summary = await t.run({ settings });
      if (await done()) return;
      if (!summary.nextAt) return;
      t.now = Math.max(t.now, summary.nextAt.getTime());
    }
    throw new Error("still not done");
  };
  beforeEach(async () => {
    t.receiver = await startEventReceiver();
    const created = await createEndpoint(
      { name: "receiver", url: t.receiver.url, eventTypes: [...OUTBOUND_EVENT_TYPES] },
      owner,
    );
    t.endpointId = created.record.id;
    t.secret = created.secret;
    t.now = Date.now() + 1_000;
  });
  afterEach(async () => {
    await deleteEndpoint(t.endpointId, owner);
    await t.receiver.stop();
  });
  return t;
}

let observed = Date.now();
/** Stores Microsoft's state as the webhook would: the subscription's row and its event, in one transaction. */
export async function store(state: SubscriptionState) {
  observed += 1_000;
  await syncSubscription(state, MICROSOFT, new Date(observed));
}

/** A subscription bought, activated, suspended and reinstated: four events, in this order. */
export async function lifecycle(): Promise<string> {
  const s = subscriptionInput();
  await store(s);
  await store({ ...s, status: "Subscribed" });
  await store({ ...s, status: "Suspended" });
  await store({ ...s, status: "Subscribed" });
  return s.id;
}

/** The webhook-ids of a subscription's events, in the feed's order. */
export async function webhookIdsOf(subscriptionId: string): Promise<string[]> {
  const events = await getDb().event.findMany({
    where: { subscriptionId, type: { startsWith: "subscription." } },
    orderBy: { id: "asc" },
  });
  return events.map((e) => `evt_${e.id}`);
}

/** The webhook-ids the receiver accepted (2xx) for a subscription, in arrival order. */
export const acceptedFor = (receiver: EventReceiver, subscriptionId: string) =>
  receiver
    .accepted()
    .filter((r) => r.event.data.subscriptionId === subscriptionId)
    .map((r) => r.webhookId);

/** Webhook-ids the receiver accepted more than once. */
export function acceptedTwice(receiver: EventReceiver): string[] {
  const ids = receiver.accepted().map((r) => r.webhookId);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}
