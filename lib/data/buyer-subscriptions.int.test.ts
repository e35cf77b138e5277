import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MSA_TENANT_ID } from "@/lib/env/defaults";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { getBuyerSubscription, listBuyerSubscriptions, type BuyerIdentity } from "./buyer-subscriptions";
import { markActivated } from "./subscriptions";
import { syncSubscription } from "./subscription-store";
import { upsertSignedInUser } from "./users";

// Which subscriptions a signed-in buyer sees on "Your subscription": the filter is in the query, so what is
// not theirs is never read (and the page answers 404 for it, the same as for an id that does not exist).

const microsoft = { actor: { type: "microsoft" as const }, action: "subscription.synced" };

/** A tenant of its own per test (the database is shared by the file's tests). */
const newTenant = () => randomUUID();
const person = (tid: string, oid: string = randomUUID()): BuyerIdentity => ({ userId: randomUUID(), tid, oid });
const party = (tid: string, oid: string = randomUUID()) => ({ email: null, tenantId: tid, objectId: oid });

async function stored(overrides: Parameters<typeof subscriptionInput>[0]) {
  const input = subscriptionInput(overrides);
  await syncSubscription(input, microsoft);
  return input.id;
}
const ids = async (buyer: BuyerIdentity) => (await listBuyerSubscriptions(buyer)).map((s) => s.id).sort();

describe("listBuyerSubscriptions / getBuyerSubscription", () => {
  it("a work account sees its tenant's subscriptions, as beneficiary or purchaser, and nothing of another tenant", async () => {
    const contoso = newTenant();
    const other = newTenant();
    const forUs = await stored({ beneficiary: party(contoso), purchaser: party(contoso) });
    const boughtByUs = await stored({ beneficiary: party(other), purchaser: party(contoso.toUpperCase()) });
    const notOurs = await stored({ beneficiary: party(other), purchaser: party(other) });

    const colleague = person(contoso);
    expect(await ids(colleague)).toEqual([forUs, boughtByUs].sort());
    expect(await getBuyerSubscription(colleague, notOurs)).toBeNull();
    expect(await getBuyerSubscription(colleague, randomUUID())).toBeNull();
    expect(await getBuyerSubscription(person(other), forUs)).toBeNull();
    expect(await getBuyerSubscription(colleague, forUs)).toMatchObject({
      id: forUs,
      planId: "pro-seats",
      quantity: 10,
    });
  });

  it("a personal Microsoft account sees only its own purchases, not another personal account's", async () => {
    const bobOid = randomUUID();
    const bobs = await stored({ beneficiary: party(MSA_TENANT_ID, bobOid), purchaser: party(MSA_TENANT_ID, bobOid) });
    const eves = await stored({ beneficiary: party(MSA_TENANT_ID), purchaser: party(MSA_TENANT_ID) });

    expect(await ids(person(MSA_TENANT_ID, bobOid.toUpperCase()))).toEqual([bobs]);
    expect(await getBuyerSubscription(person(MSA_TENANT_ID), bobs)).toBeNull();
    expect(await ids(person(MSA_TENANT_ID, bobOid))).not.toContain(eves);
  });

  it("whoever activated a subscription sees it, even from outside the purchase", async () => {
    const outsider = await upsertSignedInUser({
      tenantId: newTenant(),
      objectId: randomUUID(),
      email: null,
      name: null,
    });
    const id = await stored({ status: "Subscribed", beneficiary: party(newTenant()), purchaser: party(newTenant()) });
    expect(
      await getBuyerSubscription({ userId: outsider.id, tid: outsider.tenantId, oid: outsider.objectId }, id),
    ).toBeNull();
    await markActivated(id, { userId: outsider.id, outsidePurchase: true });
    const buyer = { userId: outsider.id, tid: outsider.tenantId, oid: outsider.objectId };
    expect(await ids(buyer)).toEqual([id]);
  });

  it("hands the page only what it shows (no buyer details, claims or provisioning internals)", async () => {
    const tid = newTenant();
    const id = await stored({ beneficiary: party(tid), purchaser: party(tid) });
    const row = await getBuyerSubscription(person(tid), id);
    expect(row).toMatchObject({ id });
    expect(row).not.toHaveProperty("buyerDetails");
    expect(row).not.toHaveProperty("activationClaimDetails");
    expect(row).not.toHaveProperty("provisioningFailureReason");
  });
});
