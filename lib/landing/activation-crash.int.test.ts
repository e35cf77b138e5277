import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { listAuditFor } from "@/lib/data/events";
import { listRunRepairs } from "@/lib/data/reconciliation";
import { getSubscription } from "@/lib/data/subscriptions";
import { upsertSignedInUser } from "@/lib/data/users";
import { resetEnvCache } from "@/lib/env";
import { injectFault, purchase, simulatorClient } from "@/test/marketplace-support";
import { setPortalEnv, startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { canSeeSubscription, loadLanding } from "./landing";
import { reconcile } from "@/lib/reconcile/reconcile";

// Item 15: the portal process dies after Microsoft's Activate answered and before the portal wrote the
// activation. A real process is killed (SIGKILL, no clean-up of any kind) while it waits for the Get that
// follows Activate (the simulator holds that Get); then the next landing visit, or reconciliation, must
// record the activation for the person who confirmed, with what they entered.

const root = path.resolve(import.meta.dirname, "../..");
const CONTOSO = "c0ffee00-0000-4000-8000-00000000c001";
let sim: SimulatorProcess;
let alice: CurrentUser;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  // The portal's own client (getMarketplaceClient), here and in the child, talks to this simulator.
  setPortalEnv({ ENTRA_AUTHORITY_HOST: sim.httpsUrl, MARKETPLACE_API_URL: sim.apiUrl, MARKETPLACE_TIMEOUT_MS: "5000" });
  resetEnvCache();
  const row = await upsertSignedInUser({
    tenantId: CONTOSO,
    objectId: "a11ce000-0000-4000-8000-00000000a001",
    email: "alice@contoso.example",
    name: "Alice Anders",
  });
  alice = {
    id: row.id,
    tid: row.tenantId,
    oid: row.objectId,
    email: row.email,
    name: row.name,
    preferredUsername: row.email,
    roles: [],
  };
});
afterAll(() => sim?.stop());
beforeEach(async () => {
  await sim.control("POST", "/reset");
});

const simStatus = async (id: string) =>
  (await sim.control<{ saasSubscriptionStatus: string }>("GET", `/subscriptions/${id}`)).body.saasSubscriptionStatus;
const getCalls = async (id: string) =>
  (await sim.control<{ bySubscription: Record<string, { get?: number }> }>("GET", "/calls")).body.bySubscription[id]
    ?.get ?? 0;

/** Confirms in a child process and SIGKILLs it once Microsoft has activated and the portal waits for its Get. */
async function confirmAndKill(
  token: string,
  subscriptionId: string,
  buyerDetails: Record<string, string>,
): Promise<void> {
  await injectFault(sim, { endpoint: "get", kind: "hang", hangMs: 120_000, count: 1 });
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/activate-in-child.ts"], {
    cwd: root,
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(JSON.stringify({ token, user: alice, buyerDetails }));
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
  const deadline = Date.now() + 60_000;
  while (!((await simStatus(subscriptionId)) === "Subscribed" && (await getCalls(subscriptionId)) >= 1)) {
    if (child.exitCode !== null) throw new Error(`the child ended before it could be killed:\n${output}`);
    if (Date.now() > deadline) throw new Error(`Microsoft never activated:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  expect(output).not.toContain('"kind"');
  // The crash left Microsoft activated and the portal not: the situation to repair.
  expect(await getSubscription(subscriptionId)).toMatchObject({
    status: "PendingFulfillmentStart",
    activatedAt: null,
    activationClaimedById: alice.id,
    activationClaimDetails: buyerDetails,
  });
}

describe("an activation interrupted by a crash between Microsoft's Activate and the portal's write", () => {
  it("is recorded on the next landing visit, for the person who confirmed, with what they entered; the welcome page works", async () => {
    const bought = await purchase(sim, { personaId: "alice", planId: "pro-seats", quantity: 7 });
    await confirmAndKill(bought.token, bought.subscriptionId, { companyName: "Contoso Ltd" });

    const visit = await loadLanding(bought.token, alice);
    expect(visit).toMatchObject({ kind: "active", activatedHere: true });
    const row = await getSubscription(bought.subscriptionId);
    expect(row).toMatchObject({
      status: "Subscribed",
      activatedById: alice.id,
      buyerDetails: { companyName: "Contoso Ltd" },
      activationClaimedById: null,
      activationClaimedAt: null,
    });
    expect(row?.activatedAt).toBeInstanceOf(Date);
    expect(await canSeeSubscription(alice, bought.subscriptionId)).toBe(true);
    const activations = (await listAuditFor("subscription", bought.subscriptionId)).filter(
      (a) => a.action === "subscription.activated",
    );
    expect(activations).toEqual([
      expect.objectContaining({
        actorType: "user",
        actorId: alice.id,
        after: expect.objectContaining({ status: "Subscribed", recordedBy: "landing-visit" }),
      }),
    ]);

    // A second visit records nothing more.
    await loadLanding(bought.token, alice);
    expect(
      (await listAuditFor("subscription", bought.subscriptionId)).filter((a) => a.action === "subscription.activated"),
    ).toHaveLength(1);
  });

  it("is recorded by reconciliation when nobody comes back, as a repair of its run", async () => {
    const bought = await purchase(sim, { personaId: "alice", planId: "basic" });
    await confirmAndKill(bought.token, bought.subscriptionId, { companyName: "Contoso Ltd" });

    const { client } = simulatorClient(sim);
    const outcome = await reconcile("test", { client });
    if (!outcome.started) throw new Error(`not started: ${outcome.reason}`);
    const row = await getSubscription(bought.subscriptionId);
    expect(row).toMatchObject({
      status: "Subscribed",
      activatedById: alice.id,
      buyerDetails: { companyName: "Contoso Ltd" },
      activationClaimedById: null,
    });
    expect(row?.activatedAt).toBeInstanceOf(Date);
    const [activation, ...more] = (await listAuditFor("subscription", bought.subscriptionId)).filter(
      (a) => a.action === "subscription.activated",
    );
    expect(more).toEqual([]);
    expect(activation).toMatchObject({
      actorType: "user",
      actorId: alice.id,
      requestId: outcome.run.id,
      after: expect.objectContaining({ recordedBy: "reconciliation" }),
    });
    expect((await listRunRepairs(outcome.run)).map((r) => [r.action, r.subscriptionId])).toContainEqual([
      "subscription.activated",
      bought.subscriptionId,
    ]);
    expect(outcome.run.repaired).toBeGreaterThanOrEqual(1);
  });
});
