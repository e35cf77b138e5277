import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setDeliveryOutcome } from "./deliveries";
import { receiveDelivery } from "./webhook-receipts";
import { countInbox, listInbox } from "./webhook-inbox";

/** `n` deliveries of one new subscription, recorded one after the other (newest last). */
async function deliveriesOf(n: number): Promise<{ subscriptionId: string; ids: string[] }> {
  const subscriptionId = randomUUID();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const operationId = randomUUID();
    ids.push(
      (
        await receiveDelivery(
          { operationId, subscriptionId, action: "ChangeQuantity", payload: { id: operationId } },
          { task: "webhook.apply", priority: 0, maxAttempts: 11 },
          { durationMs: 1, requestId: null },
        )
      ).delivery.id,
    );
  }
  return { subscriptionId, ids };
}

describe("the webhook inbox list", () => {
  it("pages one subscription's deliveries by cursor, newest first, every delivery once", async () => {
    const { subscriptionId, ids } = await deliveriesOf(7);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInbox({ subscriptionId, cursor, limit: 3 });
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ids));
    const times = (await listInbox({ subscriptionId, limit: 10 })).items.map((d) => d.receivedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("counts the deliveries its filters match, up to a cap", async () => {
    const { subscriptionId, ids } = await deliveriesOf(4);
    await setDeliveryOutcome(ids[0]!, "Failed", "Microsoft could not be reached.");
    expect(await countInbox({ subscriptionId })).toEqual({ count: 4, capped: false });
    expect(await countInbox({ subscriptionId, status: "Failed" })).toEqual({ count: 1, capped: false });
    expect(await countInbox({ subscriptionId, attention: true })).toEqual({ count: 0, capped: false });
    expect(await countInbox({ subscriptionId }, 3)).toEqual({ count: 3, capped: true });
  });
});
