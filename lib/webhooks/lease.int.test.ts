import type { ChildProcess } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { getDeliveryByOperation, listAttempts } from "@/lib/data/deliveries";
import { getSubscription } from "@/lib/data/subscriptions";
import { getDb } from "@/lib/db";
import { injectFault, remainingFaults } from "@/test/marketplace-support";
import { startWebhookProcess } from "@/test/portal-process";
import { LEASE_MS } from "./receive";
import {
  customerEvent,
  expectSameAsMicrosoft,
  payloadOf,
  post,
  startHarness,
  subscribed,
  webhookBearer,
  type Harness,
} from "@/test/webhook-harness";

// A portal process killed in the middle of a delivery (after the inbox insert, before the outcome): the
// inbox row stays Received with nobody applying it. Microsoft's next delivery attempt, on another instance,
// must not apply it while the dead attempt's lease runs (it might still be alive somewhere), and must take
// it over once the lease has run out, applying it exactly once.

let h: Harness;
let child: ChildProcess | undefined;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await h?.stop();
});
afterEach(() => h.sim.control("DELETE", "/faults"));

describe("a delivery whose process died mid-way", () => {
  it("is left alone during the lease, then taken over by Microsoft's next attempt and applied once", async () => {
    const id = await subscribed(h, { planId: "basic" });
    await h.sim.control("POST", "/faults/webhooks", { kind: "drop" }); // the test delivers it, as Microsoft would
    const op = await customerEvent(h, id, "suspend");
    const instance = await startWebhookProcess();
    child = instance.process;
    // Warm it up with another delivery (Entra's keys, a Marketplace token, database connections), so that
    // the one below reaches Get Operation at once.
    const other = await subscribed(h, { planId: "basic" });
    await h.sim.control("POST", "/faults/webhooks", { kind: "drop" });
    const warmUp = await customerEvent(h, other, "suspend");
    const warm = await fetch(instance.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await webhookBearer(h) },
      body: payloadOf(warmUp),
    });
    expect(warm.status).toBe(200);

    // The other instance records the delivery, then waits on Microsoft's Get Operation (held by the simulator)...
    const HANGS = 100;
    await injectFault(h.sim, { endpoint: "getOperation", kind: "hang", hangMs: 120_000, count: HANGS });
    const dying = fetch(instance.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await webhookBearer(h) },
      body: payloadOf(op),
    });
    dying.catch(() => undefined); // it fails when the process is killed: checked below, never left unhandled
    await expect
      .poll(async () => (await getDeliveryByOperation(op.id))?.status, { timeout: 30_000, interval: 20 })
      .toBe("Received");
    await expect
      .poll(() => remainingFaults(h.sim, "getOperation"), { timeout: 30_000, interval: 20 })
      .toBeLessThan(HANGS);
    // ...and is killed there (well before its 8-second budget would end it): no outcome, no attempt, nothing applied.
    instance.process.kill("SIGKILL");
    expect(await instance.exited).toBe("SIGKILL");
    await expect(dying).rejects.toThrow();
    expect(await getDeliveryByOperation(op.id)).toMatchObject({ status: "Received", outcome: null });
    await h.sim.control("DELETE", "/faults"); // Microsoft answers again

    // Microsoft retries within the lease: the first attempt may still be running, so it is not applied twice;
    // 503 keeps Microsoft retrying.
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(503);
    expect(await getDeliveryByOperation(op.id)).toMatchObject({ status: "Received" });
    expect(await getSubscription(id)).toBeNull();

    // The lease runs out. Rather than wait LEASE_MS (a minute), the dead attempt's start is moved back by it:
    // the database's clock decides who may take a delivery over, and it now sees an expired lease.
    await getDb()
      .$executeRaw`UPDATE "WebhookDelivery" SET "lastAttemptAt" = "lastAttemptAt" - (${LEASE_MS + 1_000}::int * interval '1 millisecond') WHERE "operationId" = ${op.id}`;
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    const delivery = (await getDeliveryByOperation(op.id))!;
    expect(delivery).toMatchObject({ status: "Applied", attempts: 3 });
    expect((await listAttempts(delivery.id)).map((a) => [a.httpStatus, a.outcome.replace(/:.*/, "")])).toEqual([
      [503, "Repeat delivery while another attempt was applying it, which has not finished"],
      [200, "Stored Microsoft's state"],
    ]);
    expect((await getSubscription(id))?.status).toBe("Suspended");
    await expectSameAsMicrosoft(h, id);

    // Later repeats are acknowledged without applying it again.
    expect(await post(h, payloadOf(op), await webhookBearer(h))).toBe(200);
    expect((await listAuditFor("subscription", id)).filter((a) => a.action === "webhook.Suspend")).toHaveLength(1);
  }, 120_000);
});
