import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAuditFor } from "@/lib/data/events";
import { getDeliveryByOperation, listAttempts } from "@/lib/data/deliveries";
import { getSubscription } from "@/lib/data/subscriptions";
import { injectFault } from "@/test/marketplace-support";
import { settledWebhooks } from "@/test/simulator";
import { customerEvent, expectSameAsMicrosoft, startHarness, subscribed, type Harness } from "@/test/webhook-harness";

// Microsoft hanging while the portal decides. A refusal of a customer's change counts only if it reaches
// Microsoft within 10 seconds of the webhook (PATCH Failure, or a 4xx answer); after that Microsoft accepts
// the change on its own. And accepting a Reinstate must not wait on its PATCH. The portal runs with its
// production client settings (10 s per attempt, 4 attempts), the simulator with Microsoft's 10 s windows.

const WINDOW_MS = 10_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { MARKETPLACE_TIMEOUT_MS: "10000", MARKETPLACE_MAX_ATTEMPTS: "4", WEBHOOK_CHANGE_POLICY: "refuse" },
    simEnv: { SIM_ACK_WINDOW_MS: String(WINDOW_MS), SIM_WEBHOOK_TIMEOUT_MS: String(WINDOW_MS) },
  });
});
afterAll(() => h?.stop());
afterEach(() => h.sim.control("DELETE", "/faults"));

type Fault = { endpoint: string; kind: "hang" | "error"; hangMs?: number; count?: number };
const HANG = { kind: "hang" as const, hangMs: 30_000, count: 20 };
const simSub = async (id: string) =>
  (
    await h.sim.control<{
      quantity?: number;
      saasSubscriptionStatus: string;
      operations: { id: string; status: string }[];
    }>("GET", `/subscriptions/${id}`)
  ).body;
const inbox = async (operationId: string) => (await getDeliveryByOperation(operationId))!;

describe("a refusal reaches Microsoft within 10 seconds whatever hangs", () => {
  it.each<[string, Fault[]]>([
    ["Get Operation", [{ endpoint: "getOperation", ...HANG }]],
    ["Get Subscription", [{ endpoint: "get", ...HANG }]],
    ["the PATCH Failure", [{ endpoint: "patchOperation", ...HANG }]],
    [
      "Get Operation (3 s), then the PATCH Failure",
      [
        { endpoint: "getOperation", kind: "hang", hangMs: 3_000, count: 1 },
        { endpoint: "patchOperation", ...HANG },
      ],
    ],
    [
      "everything",
      [
        { endpoint: "getOperation", ...HANG },
        { endpoint: "get", ...HANG },
        { endpoint: "patchOperation", ...HANG },
      ],
    ],
  ])(
    "%s hanging: refused in time, and Microsoft keeps the old seats",
    async (_case, faults) => {
      const id = await subscribed(h, { planId: "pro-seats", quantity: 10 });
      for (const fault of faults) await injectFault(h.sim, fault);
      const op = await customerEvent(h, id, "change-quantity", { quantity: 25 });
      const createdAt = Date.now();
      const [sent] = await settledWebhooks(h.sim, { operationId: op.id }, { timeoutMs: 60_000 });
      // Answered once, within Microsoft's window: PATCH Failure sent (200) or the refusal as the answer (400).
      expect(sent!.attempts).toHaveLength(1);
      expect([200, 400]).toContain(sent!.attempts[0]!.statusCode);
      expect(sent!.attempts[0]!.durationMs).toBeLessThan(WINDOW_MS);
      // Microsoft's window closes without accepting the change.
      await sleep(Math.max(0, createdAt + WINDOW_MS + 500 - Date.now()));
      const microsoft = await simSub(id);
      expect(microsoft.quantity).toBe(10);
      expect(microsoft.operations.find((o) => o.id === op.id)?.status).toBe("Failed");
      const decision = (await listAuditFor("subscription", id)).find(
        (a) => a.action === "webhook.ChangeQuantity.refused",
      );
      expect(decision).toMatchObject({ actorType: "system", after: { from: 10, to: 25, accepted: false } });
      expect(["Applied", "Pending"]).toContain((await inbox(op.id)).status);
    },
    120_000,
  );
});

describe("accepting a Reinstate does not depend on its PATCH (Microsoft no longer waits for it)", () => {
  it.each<[string, Fault]>([
    ["fails (500)", { endpoint: "patchOperation", kind: "error", count: 100 }],
    ["hangs", { endpoint: "patchOperation", ...HANG }],
  ])(
    "the PATCH %s: answered 200 once, within the window, and applied when Microsoft reinstates",
    async (_case, fault) => {
      const id = await subscribed(h, { planId: "basic" });
      const suspend = await customerEvent(h, id, "suspend");
      await settledWebhooks(h.sim, { operationId: suspend.id });
      expect((await getSubscription(id))?.status).toBe("Suspended");
      await injectFault(h.sim, fault);
      const op = await customerEvent(h, id, "reinstate");
      const [sent] = await settledWebhooks(h.sim, { operationId: op.id }, { timeoutMs: 30_000 });
      expect(sent!.attempts.map((a) => a.statusCode)).toEqual([200]);
      expect(sent!.attempts[0]!.durationMs).toBeLessThan(WINDOW_MS);
      const delivery = await inbox(op.id);
      expect(delivery.outcome).toMatch(
        /^Accepted: WEBHOOK_REINSTATE_POLICY says accept\. The acknowledgement \(PATCH Success\) did not go through \((unavailable|timeout)\); Microsoft reinstates without it\./,
      );
      // Microsoft reinstates when its window closes; the follow-up read stores it.
      await expect.poll(async () => (await inbox(op.id)).status, { timeout: 45_000, interval: 500 }).toBe("Applied");
      expect((await getSubscription(id))?.status).toBe("Subscribed");
      expect((await listAttempts(delivery.id)).map((a) => a.httpStatus)).toEqual([200]);
      await expectSameAsMicrosoft(h, id);
      expect((await listAuditFor("subscription", id)).map((a) => a.action)).toEqual(
        expect.arrayContaining(["webhook.Reinstate.accepted", "webhook.Reinstate"]),
      );
    },
    120_000,
  );
});
