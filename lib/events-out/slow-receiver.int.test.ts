import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEndpoint, deleteEndpoint } from "@/lib/data/event-endpoints";
import { listAuditFor } from "@/lib/data/events";
import { OUTBOUND_EVENT_TYPES } from "@/lib/domain/outbound-events";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { startEventReceiver, type EventReceiver } from "@/test/event-receiver";
import { owner, store } from "@/test/outbound-support";
import { settledWebhooks } from "@/test/simulator";
import { customerEvent, settled, startHarness, subscribed, type Harness } from "@/test/webhook-harness";

// Receivers that hang must not cost the portal its answer to Microsoft. The portal runs its job queue as a
// server does (4 workers, shared by webhook decisions and outbound deliveries); six endpoints hang every
// request for 30 s (the portal gives up on each after its 10 s timeout) with hundreds of events queued.
// A customer's seat change that the policy refuses must still reach Microsoft within its 10-second window.

const WINDOW_MS = 10_000;
const ENDPOINTS = 6;
let h: Harness;
let receiver: EventReceiver;
const endpointIds: string[] = [];

beforeAll(async () => {
  h = await startHarness({
    env: {
      MARKETPLACE_TIMEOUT_MS: "10000",
      MARKETPLACE_MAX_ATTEMPTS: "4",
      WEBHOOK_CHANGE_POLICY: "refuse",
      EVENTS_TIMEOUT_MS: "10000",
    },
    simEnv: { SIM_ACK_WINDOW_MS: String(WINDOW_MS), SIM_WEBHOOK_TIMEOUT_MS: String(WINDOW_MS) },
  });
  receiver = await startEventReceiver();
  receiver.answer = () => "hang";
  for (let i = 0; i < ENDPOINTS; i++) {
    const { record } = await createEndpoint(
      { name: `hanging ${i}`, url: receiver.url, eventTypes: [...OUTBOUND_EVENT_TYPES] },
      owner,
    );
    endpointIds.push(record.id);
  }
});
afterAll(async () => {
  // The receiver first: its hanging requests fail at once and are recorded while the database is there.
  await receiver?.stop();
  await h?.stop();
  for (const id of endpointIds) await deleteEndpoint(id, owner);
});

describe("a hanging receiver", () => {
  it("does not delay a webhook decision: the refusal reaches Microsoft within its window", async () => {
    for (let i = 0; i < 40; i++) await store(subscriptionInput());
    // More endpoints than the queue has workers have claimed their share, and their requests hang.
    await expect
      .poll(() => receiver.received.length, { timeout: 10_000, interval: 100 })
      .toBeGreaterThanOrEqual(4 * 16);

    const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
    const receivedBefore = receiver.received.length;
    const op = await customerEvent(h, id, "change-quantity", { quantity: 25 });
    const createdAt = Date.now();
    const [sent] = await settledWebhooks(h.sim, { operationId: op.id }, { timeoutMs: 30_000 });
    expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
    await settled(op.id, { timeoutMs: WINDOW_MS });
    await sleep(Math.max(0, createdAt + WINDOW_MS + 500 - Date.now()));
    const microsoft = (
      await h.sim.control<{ quantity?: number; operations: { id: string; status: string }[] }>(
        "GET",
        `/subscriptions/${id}`,
      )
    ).body;
    expect(microsoft.operations.find((o) => o.id === op.id)?.status).toBe("Failed");
    expect(microsoft.quantity).toBe(10);
    expect((await listAuditFor("subscription", id)).map((a) => a.action)).toContain("webhook.ChangeQuantity.refused");
    // The receivers kept being tried meanwhile (timeouts, retries, the new subscription's events): they were busy, not idle.
    expect(receiver.received.length).toBeGreaterThan(receivedBefore);
  }, 90_000);
});
