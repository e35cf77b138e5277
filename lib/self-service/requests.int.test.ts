import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Buyer } from "@/lib/auth/buyer-session";
import { listAuditFor } from "@/lib/data/events";
import { getOperationRecord } from "@/lib/data/operations";
import { setSetting } from "@/lib/data/settings";
import { syncSubscription } from "@/lib/data/subscription-store";
import { getSubscription, markActivated } from "@/lib/data/subscriptions";
import { upsertSignedInUser } from "@/lib/data/users";
import type { BuyerActors } from "@/lib/domain/settings";
import { resetEnvCache } from "@/lib/env";
import { toSubscriptionSnapshot, type MarketplaceClient } from "@/lib/marketplace";
import { purchase, simulatorClient } from "@/test/marketplace-support";
import { setPortalEnv, startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { BuyerRefusal } from "@/lib/auth/buyer-action";
import { buyerCancel, buyerChangePlan, buyerChangeSeats, buyerOperationProgress } from "./requests";
import { getBuyerPage } from "./view";

// A buyer's changes against a real simulator (Microsoft): the server-side checks a forged POST meets (another
// tenant: not found; CSP: refused before Microsoft hears of it; self-service off or the wrong person:
// refused), and the allowed change going through the operator's path with the buyer as its author.

const CONTOSO = "c0ffee00-0000-4000-8000-00000000c001";
const ALICE_OID = "a11ce000-0000-4000-8000-00000000a001";
const CAROL = { tid: "c0ffee00-0000-4000-8000-00000000c002", oid: "ca401000-0000-4000-8000-00000000c0c0" };

let sim: SimulatorProcess;
let client: MarketplaceClient;
let restoreEnv: () => void;
let alice: Buyer;
let ben: Buyer;
let carol: Buyer;

async function buyer(tid: string, oid: string, email: string): Promise<Buyer> {
  const u = await upsertSignedInUser({ tenantId: tid, objectId: oid, email, name: email });
  return { id: u.id, tid, oid, email, name: email, preferredUsername: null, roles: [], appRoles: [] };
}

beforeAll(async () => {
  sim = await startSimulatorProcess();
  restoreEnv = setPortalEnv({
    ENTRA_AUTHORITY_HOST: sim.httpsUrl,
    MARKETPLACE_API_URL: sim.apiUrl,
    ...(inject("postgresUrl") ? {} : { DB_POOL_MAX: "1" }),
  });
  resetEnvCache();
  ({ client } = simulatorClient(sim));
  alice = await buyer(CONTOSO, ALICE_OID, "alice@contoso.example");
  ben = await buyer(CONTOSO, "b0000000-0000-4000-8000-00000000b002", "ben@contoso.example");
  carol = await buyer(CAROL.tid, CAROL.oid, "carol@northwind.example");
});
afterAll(async () => {
  await sim?.stop();
  restoreEnv?.();
  resetEnvCache();
});

async function policy(enabled: boolean, actors: BuyerActors) {
  await setSetting("buyerSelfService", enabled, { id: alice.id, label: "test" });
  await setSetting("buyerSelfServiceActors", actors, { id: alice.id, label: "test" });
}
beforeEach(() => policy(true, "activator"));

/** Alice's active purchase (through a CSP partner when asked), known to the portal, activated by Alice. */
async function activeSubscription(viaPartner = false): Promise<string> {
  const { subscriptionId: id } = await purchase(sim, {
    planId: "pro-seats",
    quantity: 10,
    ...(viaPartner ? { cspPartnerPersonaId: "carol" } : {}),
  });
  await client.activate(id, { planId: "pro-seats", quantity: 10 });
  await syncSubscription(toSubscriptionSnapshot(await client.getSubscription(id), "getSubscription"), {
    actor: { type: "microsoft" },
    action: "subscription.synced",
  });
  await markActivated(id, alice.id);
  await sim.control("DELETE", "/calls");
  return id;
}
const patches = async (id: string) =>
  (await sim.control<{ bySubscription: Record<string, Record<string, number>> }>("GET", "/calls")).body.bySubscription[
    id
  ]?.patch ?? 0;
const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => (e instanceof BuyerRefusal ? e.reason : e),
  );

describe("buyer self-service requests", () => {
  it("the activator changes seats: one PATCH, followed to Succeeded, audited with the buyer as author", async () => {
    const id = await activeSubscription();
    const page = await getBuyerPage(alice, id);
    expect(page?.actions).toMatchObject({ kind: "open", seats: { current: 10, min: 5, max: 500 }, canChange: true });
    const started = await buyerChangeSeats(alice, id, 12);
    expect(started).toMatchObject({ action: "ChangeQuantity", operationId: expect.any(String) as string });

    let progress = await buyerOperationProgress(alice, id, started.operationId!);
    for (let i = 0; !progress.done && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 250));
      progress = await buyerOperationProgress(alice, id, started.operationId!);
    }
    expect(progress).toMatchObject({ status: "Succeeded", done: true });
    expect((await getSubscription(id))?.quantity).toBe(12);
    expect(await patches(id)).toBe(1);
    expect((await getOperationRecord(started.operationId!))?.requestedById).toBe(alice.id);
    const requested = (await listAuditFor("subscription", id)).filter((a) => a.action === "buyer.operation.requested");
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({ actorType: "user", actorId: alice.id });
    expect(requested[0]?.after).toMatchObject({ action: "ChangeQuantity", targetQuantity: 12, requestedBy: "buyer" });

    // Enterprise takes 50–10000 seats: offered, but not choosable with 12, and refused before Microsoft.
    const after = await getBuyerPage(alice, id);
    expect(after?.actions.kind === "open" && after.actions.plans.find((p) => p.planId === "enterprise")).toMatchObject({
      fits: false,
      price: { currency: "USD" },
    });
    expect(await refusalOf(buyerChangePlan(alice, id, "enterprise"))).toBe("invalid");
    expect(await patches(id)).toBe(1);
  });

  it("a CSP purchase: the page offers nothing, and a request is refused before Microsoft hears of it", async () => {
    const id = await activeSubscription(true);
    await policy(true, "tenant");
    expect((await getBuyerPage(alice, id))?.actions).toEqual({ kind: "partner" });
    expect(await refusalOf(buyerChangeSeats(alice, id, 12))).toBe("forbidden");
    expect(await refusalOf(buyerCancel(alice, id))).toBe("forbidden");
    // The partner who bought it sees it, read-only: partners act at Microsoft.
    expect((await getBuyerPage(carol, id))?.actions).toEqual({ kind: "read-only", reason: "not-beneficiary" });
    expect(await patches(id)).toBe(0);
    expect((await listAuditFor("subscription", id)).map((a) => a.action)).not.toContain("buyer.operation.requested");
  });

  it("refuses another tenant's user (not found), a colleague under 'only the activator', and everyone when off", async () => {
    const id = await activeSubscription();
    // Alice's page reads Microsoft's plans (and stores their limits, which the seat check words for the buyer).
    expect((await getBuyerPage(alice, id))?.actions.kind).toBe("open");
    expect(await getBuyerPage(carol, id)).toBeNull();
    expect(await refusalOf(buyerChangeSeats(carol, id, 12))).toBe("not-found");
    expect(await refusalOf(buyerOperationProgress(carol, id, "any"))).toBe("not-found");

    expect((await getBuyerPage(ben, id))?.actions).toEqual({ kind: "read-only", reason: "not-activator" });
    expect(await refusalOf(buyerChangeSeats(ben, id, 12))).toBe("forbidden");
    await policy(true, "tenantAdmin");
    expect(await refusalOf(buyerChangeSeats(ben, id, 12))).toBe("forbidden");
    expect(await refusalOf(buyerChangeSeats({ ...ben, appRoles: ["Subscriptions.Manage"] }, id, 600))).toBe("invalid");

    await policy(false, "tenant");
    expect((await getBuyerPage(alice, id))?.actions).toEqual({ kind: "off" });
    expect(await refusalOf(buyerChangeSeats(alice, id, 12))).toBe("forbidden");
    expect(await patches(id)).toBe(0);
  });
});
