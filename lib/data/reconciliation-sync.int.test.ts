import { afterEach, describe, expect, it } from "vitest";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { getDb } from "@/lib/db";
import { syncSubscriptionPage } from "./reconciliation-sync";
import { getSubscription } from "./subscriptions";

// Found by bench/cluster.ts: with three instances applying Subscribe deliveries while a reconciliation
// stored a page of new subscriptions, webhooks inserted some of the page's subscriptions after the page had
// locked its rows, twice in a row, and the run failed ("could not store page 4") with an error that said
// nothing. A page must keep trying while webhooks win inserts, and say what happened if it ever gives up.

/**
 * A webhook that stores the same new subscription first, for the first `times` attempts: a BEFORE INSERT
 * trigger inserts the row inside the page's statement (the page's INSERT … ON CONFLICT DO NOTHING then
 * loses), counted by a sequence (not rolled back with the attempt's transaction).
 */
async function webhooksWinInserts(times: number) {
  const db = getDb();
  await db.$executeRawUnsafe(`CREATE SEQUENCE IF NOT EXISTS test_lost_insert`);
  await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_steal_insert() RETURNS trigger AS $$ BEGIN
    IF pg_trigger_depth() = 1 AND nextval('test_lost_insert') <= ${times} THEN
      INSERT INTO "Subscription" SELECT (NEW).*;
    END IF;
    RETURN NEW; END $$ LANGUAGE plpgsql`);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER test_steal_insert BEFORE INSERT ON "Subscription" FOR EACH ROW EXECUTE FUNCTION test_steal_insert()`,
  );
}

afterEach(async () => {
  const db = getDb();
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_steal_insert ON "Subscription"`);
  await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS test_steal_insert()`);
  await db.$executeRawUnsafe(`DROP SEQUENCE IF EXISTS test_lost_insert`);
});

describe("a reconciliation page racing webhooks that create the same subscriptions", () => {
  it("stores the page even when webhooks win its inserts on several attempts in a row", async () => {
    const fresh = subscriptionInput({ quantity: 7 });
    await webhooksWinInserts(3);
    const result = await syncSubscriptionPage([{ ...fresh, quantity: 8 }], {
      runId: "run",
      requestedAt: new Date(),
    });
    // The fourth attempt finds the row (here: inserts it) and stores Microsoft's reading.
    expect(result.checked).toBe(1);
    expect((await getSubscription(fresh.id))?.quantity).toBe(8);
  });

  it("gives up after a bounded number of attempts, with an error that names the cause", async () => {
    const fresh = subscriptionInput();
    await webhooksWinInserts(1_000);
    await expect(syncSubscriptionPage([fresh], { runId: "run", requestedAt: new Date() })).rejects.toThrow(
      /inserted by another writer/,
    );
    expect(await getSubscription(fresh.id)).toBeNull();
  });
});

describe("Pending deliveries", () => {
  it("closes a Pending delivery once a reading taken well after its follow-up is stored, not a recent one", async () => {
    const db = getDb();
    const sub = subscriptionInput();
    const requestedAt = new Date();
    const pending = (operationId: string, minutesAgo: number) =>
      db.webhookDelivery.create({
        data: {
          operationId,
          subscriptionId: sub.id,
          action: "ChangePlan",
          payload: {},
          status: "Pending",
          outcome: "Answered Success.",
          lastAttemptAt: new Date(requestedAt.getTime() - minutesAgo * 60_000),
        },
      });
    const old = await pending(crypto.randomUUID(), 10);
    const recent = await pending(crypto.randomUUID(), 1);
    await syncSubscriptionPage([sub], { runId: "run", requestedAt });
    const closed = await db.webhookDelivery.findUniqueOrThrow({ where: { id: old.id } });
    expect(closed.status).toBe("Applied");
    expect(closed.outcome).toMatch(/^Answered Success\. Closed by reconciliation: .* UTC, is stored/);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe("Pending");
  });
});
