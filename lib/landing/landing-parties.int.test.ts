import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { listAuditFor } from "@/lib/data/events";
import { getSubscription } from "@/lib/data/subscriptions";
import { upsertSignedInUser } from "@/lib/data/users";
import { resetEnvCache } from "@/lib/env";
import { purchase } from "@/test/marketplace-support";
import { setPortalEnv, startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { activatePurchase } from "./activate";
import { canSeeSubscription, loadLanding } from "./landing";
import { PERSONAL_ACCOUNTS_TENANT_ID as MSA } from "./parties";

// Items 13 and 14: people outside a purchase, under both LANDING_TENANT_MISMATCH policies, against the
// simulator and the database. (The journey with the default policy is in e2e/landing-guards.spec.ts.)

const CONTOSO = "c0ffee00-0000-4000-8000-00000000c001";
let sim: SimulatorProcess;
const people: Record<"alice" | "bob" | "eve", CurrentUser> = {} as Record<"alice" | "bob" | "eve", CurrentUser>;

const signedIn = async (tid: string, oid: string, email: string): Promise<CurrentUser> => {
  const row = await upsertSignedInUser({ tenantId: tid, objectId: oid, email, name: email });
  return { id: row.id, tid, oid, email, name: email, preferredUsername: email, roles: [] };
};

beforeAll(async () => {
  sim = await startSimulatorProcess();
  setPortalEnv({ ENTRA_AUTHORITY_HOST: sim.httpsUrl, MARKETPLACE_API_URL: sim.apiUrl, MARKETPLACE_TIMEOUT_MS: "5000" });
  people.alice = await signedIn(CONTOSO, "a11ce000-0000-4000-8000-00000000a001", "alice@contoso.example");
  people.bob = await signedIn(MSA, "00000000-0000-0000-b0b0-00000000b0b0", "bob@outlook.example");
  people.eve = await signedIn(MSA, "00000000-0000-0000-e0e0-00000000e0e0", "eve@outlook.example");
});
afterAll(() => sim?.stop());
beforeEach(async () => {
  await sim.control("POST", "/reset");
});
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  resetEnvCache();
});

const policy = (value: "warn" | "refuse") => {
  restore = setPortalEnv({ LANDING_TENANT_MISMATCH: value });
  resetEnvCache();
};
const activateCalls = async (id: string) =>
  (await sim.control<{ bySubscription: Record<string, { activate?: number }> }>("GET", "/calls")).body.bySubscription[
    id
  ]?.activate ?? 0;
const auditActions = async (id: string) => (await listAuditFor("subscription", id)).map((a) => a.action);

describe("LANDING_TENANT_MISMATCH=refuse (the default)", () => {
  it("refuses a personal account holding a Contoso purchase link: no Activate, the attempt on the timeline", async () => {
    policy("refuse");
    const bought = await purchase(sim, { personaId: "alice", planId: "basic" });
    expect(await loadLanding(bought.token, people.bob)).toEqual({ kind: "outside-purchase" });
    expect(await activatePurchase(bought.token, people.bob, { companyName: "Not Contoso" })).toEqual({
      kind: "outside-purchase",
    });
    expect(await activateCalls(bought.subscriptionId)).toBe(0);
    expect(await getSubscription(bought.subscriptionId)).toMatchObject({
      status: "PendingFulfillmentStart",
      activatedAt: null,
      activationClaimedById: null,
    });
    expect(
      (await auditActions(bought.subscriptionId)).filter((a) => a === "subscription.activation-refused"),
      "once per person",
    ).toHaveLength(1);
    expect(await activatePurchase(bought.token, people.alice, {})).toEqual({
      kind: "activated",
      subscriptionId: bought.subscriptionId,
    });
  });

  it("tells two personal accounts apart by object id: another one is refused, the buyer is not", async () => {
    policy("refuse");
    const bought = await purchase(sim, { personaId: "bob", planId: "basic" });
    expect(await loadLanding(bought.token, people.eve)).toEqual({ kind: "outside-purchase" });
    expect(await loadLanding(bought.token, people.bob)).toMatchObject({ kind: "confirm", outsidePurchase: false });
    expect(await activatePurchase(bought.token, people.bob, {})).toMatchObject({ kind: "activated" });
    expect(await canSeeSubscription(people.bob, bought.subscriptionId)).toBe(true);
    expect(await canSeeSubscription(people.eve, bought.subscriptionId)).toBe(false);
    expect(await canSeeSubscription(people.alice, bought.subscriptionId)).toBe(false);
  });
});

describe("LANDING_TENANT_MISMATCH=warn", () => {
  it("warns the outsider, lets them activate, and records the mismatch for staff (column and audit entry)", async () => {
    policy("warn");
    const bought = await purchase(sim, { personaId: "alice", planId: "basic" });
    expect(await loadLanding(bought.token, people.bob)).toMatchObject({ kind: "confirm", outsidePurchase: true });
    expect(await activatePurchase(bought.token, people.bob, { companyName: "Bob's" })).toEqual({
      kind: "activated",
      subscriptionId: bought.subscriptionId,
    });
    expect(await getSubscription(bought.subscriptionId)).toMatchObject({
      status: "Subscribed",
      activatedById: people.bob.id,
      activatedOutsidePurchase: true,
      buyerDetails: { companyName: "Bob's" },
    });
    const [outside] = (await listAuditFor("subscription", bought.subscriptionId)).filter(
      (a) => a.action === "subscription.activated-outside-purchase",
    );
    expect(outside).toMatchObject({
      actorId: people.bob.id,
      after: { signedInTenantId: MSA, purchaserTenantId: CONTOSO, beneficiaryTenantId: CONTOSO, policy: "warn" },
    });
    // The one who activated may see the welcome page; another personal account may not.
    expect(await canSeeSubscription(people.bob, bought.subscriptionId)).toBe(true);
    expect(await canSeeSubscription(people.eve, bought.subscriptionId)).toBe(false);
  });

  it("a colleague of the buyer's tenant is no mismatch", async () => {
    policy("warn");
    const bought = await purchase(sim, { personaId: "alice", planId: "basic" });
    const ben = await signedIn(CONTOSO, "b0000000-0000-4000-8000-00000000b002", "ben@contoso.example");
    expect(await loadLanding(bought.token, ben)).toMatchObject({ kind: "confirm", outsidePurchase: false });
    await activatePurchase(bought.token, ben, {});
    expect(await getSubscription(bought.subscriptionId)).toMatchObject({
      activatedById: ben.id,
      activatedOutsidePurchase: false,
    });
    expect(await auditActions(bought.subscriptionId)).not.toContain("subscription.activated-outside-purchase");
  });
});
