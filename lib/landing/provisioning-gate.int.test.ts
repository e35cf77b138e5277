import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as provisioned } from "@/app/api/v1/subscriptions/[id]/provisioned/route";
import { POST as provisioningFailed } from "@/app/api/v1/subscriptions/[id]/provisioning-failed/route";
import { apiV1Document } from "@/app/api/v1/document";
import type { CurrentUser } from "@/lib/auth/session";
import { createApiKey } from "@/lib/data/api-keys";
import { listAuditFor } from "@/lib/data/events";
import { startJobRunner, type JobRunner } from "@/lib/data/job-queue";
import { getSetting, setSetting } from "@/lib/data/settings";
import { getSubscription } from "@/lib/data/subscriptions";
import { upsertSignedInUser } from "@/lib/data/users";
import { getDb } from "@/lib/db";
import type { ApiScope } from "@/lib/domain/api-keys";
import { resetEnvCache } from "@/lib/env";
import { taskList } from "@/lib/jobs/start";
import { contractChecker } from "@/test/api-contract";
import { injectFault, purchase } from "@/test/marketplace-support";
import { setPortalEnv, startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { activatePurchase } from "./activate";
import { loadLanding } from "./landing";
import { activateProvisioned } from "./provisioned-activation";
import { activateProvisionedTask } from "./provisioning-tasks";
import { provisioningViewFor } from "./provisioning-view";

// The provisioning gate (issue 12 item 5) against the simulator and a real database: the confirm step asks
// the ISV instead of activating, the ISV's answers through the API routes (each answer checked against the
// OpenAPI document), and the job that activates once afterwards.

const PORTAL = "http://localhost:3000";
const contract = contractChecker(apiV1Document(PORTAL));
const CONTOSO = "c0ffee00-0000-4000-8000-00000000c001";
const owner = { id: randomUUID(), label: "owner@fabrikam.example" };
let sim: SimulatorProcess;
let alice: CurrentUser;
let runner: JobRunner | undefined;
const keys = {} as Record<"provision" | "readOnly", string>;

const mint = async (scopes: ApiScope[]) =>
  (await createApiKey({ name: `isv ${scopes.join(" ")}`, scopes, expiresAt: null }, owner)).key;

beforeAll(async () => {
  sim = await startSimulatorProcess();
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
    tid: CONTOSO,
    oid: row.objectId,
    email: row.email,
    name: row.name,
    preferredUsername: row.email,
    roles: [],
  };
  keys.provision = await mint(["subscriptions:provision"]);
  keys.readOnly = await mint(["subscriptions:read"]);
});
afterAll(() => sim?.stop());
beforeEach(async () => {
  await sim.control("POST", "/reset");
  await setSetting("provisioningGate", true, owner);
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  await getDb().$executeRaw`DELETE FROM graphile_worker._private_jobs`;
});

type Answer = "provisioned" | "provisioning-failed";
const ROUTES = { provisioned, "provisioning-failed": provisioningFailed };

/** POSTs an answer as the ISV would (JSON body, or none) and checks the response against the document. */
async function answer(kind: Answer, id: string, body?: unknown, key = keys.provision) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`${PORTAL}/api/v1/subscriptions/${id}/${kind}`, {
    method: "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await ROUTES[kind](request, { params: Promise.resolve({ id }) });
  const { status, body: json } = await contract.check(`/api/v1/subscriptions/{id}/${kind}`, "post", response);
  return { status, body: json as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const activateCalls = async (id: string) =>
  (await sim.control<{ bySubscription: Record<string, { activate?: number }> }>("GET", "/calls")).body.bySubscription[
    id
  ]?.activate ?? 0;
const events = async (id: string) => (await listAuditFor("subscription", id)).reverse();
const typesOf = async (id: string) => (await events(id)).map((e) => e.type);
const queuedJobs = async (id: string) =>
  (
    await getDb().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ${`provisioning.activate:${id}`}`
  )[0]!.n;
const until = async (check: () => Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
};
const runJobs = async () => {
  runner = await startJobRunner({ tasks: taskList([activateProvisionedTask]), cron: [], concurrency: 2 });
};

/** Buys in the simulator and confirms as Alice with the gate on. */
async function confirmGated(details = { companyName: "Contoso Ltd" }) {
  const bought = await purchase(sim, { personaId: "alice", planId: "pro-seats", quantity: 5 });
  expect(await activatePurchase(bought.token, alice, details)).toEqual({
    kind: "provisioning",
    subscriptionId: bought.subscriptionId,
  });
  return bought;
}

describe("gate on: confirming asks the ISV and does not activate", () => {
  it("records who confirmed and what they entered, writes provisioning_requested, never calls Activate; repeats ask once", async () => {
    const bought = await confirmGated();
    // A double click, a second tab and a retry of the same confirmation.
    const again = await Promise.all([
      activatePurchase(bought.token, alice, { companyName: "Contoso Ltd" }),
      activatePurchase(bought.token, alice, { companyName: "Contoso Ltd" }),
    ]);
    expect(again.map((r) => r.kind)).toEqual(["provisioning", "provisioning"]);
    expect(await activateCalls(bought.subscriptionId)).toBe(0);

    const row = await getSubscription(bought.subscriptionId);
    expect(row).toMatchObject({
      status: "PendingFulfillmentStart",
      activatedAt: null,
      provisioningStatus: "Requested",
      provisioningRequestedById: alice.id,
      provisioningDetails: { tid: CONTOSO, oid: alice.oid, fields: { companyName: "Contoso Ltd" } },
    });
    expect(row?.provisioningRequestedAt).toBeInstanceOf(Date);
    const requested = (await events(bought.subscriptionId)).filter(
      (e) => e.type === "subscription.provisioning_requested",
    );
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({
      actorId: alice.id,
      after: {
        provisioning: "requested",
        planId: "pro-seats",
        quantity: 5,
        beneficiary: { tenantId: CONTOSO },
        purchaser: { tenantId: CONTOSO },
        confirmedBy: { tenantId: CONTOSO, objectId: alice.oid },
        buyerDetails: { companyName: "Contoso Ltd" },
      },
    });
    // The landing link again, and the buyer's page: the state is the database's.
    expect(await loadLanding(bought.token, alice)).toEqual({
      kind: "provisioning",
      subscriptionId: bought.subscriptionId,
    });
    expect(await provisioningViewFor(alice, bought.subscriptionId)).toEqual({ state: "waiting" });
  });
});

describe("the ISV's answers", () => {
  it("provisioned twice at once: one event, one job, and exactly one Activate, recorded as the buyer's", async () => {
    const bought = await confirmGated();
    const id = bought.subscriptionId;
    const [a, b] = await Promise.all([
      answer("provisioned", id, { message: "tenant 42 ready" }),
      answer("provisioned", id),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toMatchObject({ subscriptionId: id, provisioning: "provisioned", activatedAt: null });
    expect(b.body.provisioning).toBe("provisioned");
    expect((await typesOf(id)).filter((t) => t === "subscription.provisioned")).toHaveLength(1);
    expect(await queuedJobs(id)).toBe(1);
    expect(await provisioningViewFor(alice, id)).toEqual({ state: "activating" });

    // Two more workers racing the queue's job (several instances): the claim lets one Activate through.
    await runJobs();
    await Promise.allSettled([activateProvisioned(id), activateProvisioned(id)]);
    await until(async () => (await getSubscription(id))?.activatedAt != null && (await queuedJobs(id)) === 0);
    expect(await activateCalls(id)).toBe(1);
    expect(await getSubscription(id)).toMatchObject({
      status: "Subscribed",
      activatedById: alice.id,
      buyerDetails: { companyName: "Contoso Ltd" },
    });
    const activation = (await events(id)).filter((e) => e.type === "activation.recorded");
    expect(activation).toEqual([
      expect.objectContaining({ actorId: alice.id, after: expect.objectContaining({ recordedBy: "provisioning" }) }),
    ]);
    expect(await provisioningViewFor(alice, id)).toEqual({ state: "active" });

    // Repeated after activation: 200, the same state, nothing queued, no second Activate.
    const late = await answer("provisioned", id);
    expect(late.body).toMatchObject({ provisioning: "provisioned", status: "Subscribed" });
    expect(late.body.activatedAt).not.toBeNull();
    expect(await queuedJobs(id)).toBe(0);
    expect(await activateCalls(id)).toBe(1);
  });

  it("failed, then provisioned once fixed; the buyer sees only the message meant for them", async () => {
    const bought = await confirmGated();
    const id = bought.subscriptionId;
    const failure = { reason: "LDAP sync timed out on shard 7", buyerMessage: "Your workspace name is already taken." };
    const failed = await answer("provisioning-failed", id, failure);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ provisioning: "failed", failureReason: failure.reason });
    expect(await answer("provisioning-failed", id, failure)).toMatchObject({ status: 200 });
    expect((await typesOf(id)).filter((t) => t === "subscription.provisioning_failed")).toHaveLength(1);
    expect(await provisioningViewFor(alice, id)).toEqual({ state: "failed", message: failure.buyerMessage });
    expect(await activateCalls(id)).toBe(0);
    expect(await queuedJobs(id)).toBe(0);

    // Microsoft fails beyond the client's own retries: the queue's retry activates it later, still once.
    await injectFault(sim, { endpoint: "activate", kind: "error", count: 4 });
    expect((await answer("provisioned", id)).body).toMatchObject({ provisioning: "provisioned", failureReason: null });
    await runJobs();
    await until(async () => (await getSubscription(id))?.activatedAt != null, 45_000);
    expect(await getSubscription(id)).toMatchObject({ status: "Subscribed", activatedById: alice.id });
    // The first job attempt's four calls (the client's own retries) met the fault and failed the job; the
    // queue's retry made the fifth, which activated. Nothing after it.
    expect(await activateCalls(id)).toBe(5);
    expect((await events(id)).filter((e) => e.type === "activation.recorded")).toHaveLength(1);
    expect((await answer("provisioning-failed", id, { reason: "too late" })).status).toBe(409);
  });

  it("409 for a purchase nobody asked about, 404 for an unknown one, 400 for unknown or missing fields, 403 without the scope", async () => {
    const bought = await purchase(sim, { personaId: "alice", planId: "basic" });
    await loadLanding(bought.token, alice); // the portal knows it, nobody confirmed
    const notAsked = await answer("provisioned", bought.subscriptionId);
    expect(notAsked.status).toBe(409);
    expect(notAsked.body.detail).toMatch(/Nobody asked to provision this subscription yet/);
    expect((await answer("provisioning-failed", bought.subscriptionId, { reason: "x" })).status).toBe(409);
    expect((await answer("provisioned", randomUUID(), {})).status).toBe(404);

    const unknownField = await answer("provisioned", bought.subscriptionId, { mesage: "typo" });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toEqual([
      expect.objectContaining({ in: "body", pointer: "#/mesage", detail: expect.stringMatching(/message/) }),
    ]);
    const noReason = await answer("provisioning-failed", bought.subscriptionId, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ in: "body", pointer: "#/reason" })]);
    const tooLong = await answer("provisioning-failed", bought.subscriptionId, { reason: "x".repeat(501) });
    expect(tooLong.body.errors).toEqual([
      expect.objectContaining({ pointer: "#/reason", detail: expect.stringMatching(/under 501/) }),
    ]);

    const refused = await answer("provisioned", bought.subscriptionId, undefined, keys.readOnly);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/does not have the scope subscriptions:provision/);
    const noKey = new Request(`${PORTAL}/api/v1/subscriptions/${bought.subscriptionId}/provisioned`, {
      method: "POST",
    });
    const unauthenticated = await provisioned(noKey, { params: Promise.resolve({ id: bought.subscriptionId }) });
    await contract.check("/api/v1/subscriptions/{id}/provisioned", "post", unauthenticated);
    expect(unauthenticated.status).toBe(401);
    expect(await getSubscription(bought.subscriptionId)).toMatchObject({ provisioningStatus: null });
  });
});

describe("gate off", () => {
  it("confirming activates at once, as before: one Activate, no provisioning events; answering is a 409", async () => {
    await setSetting("provisioningGate", false, owner);
    const bought = await purchase(sim, { personaId: "alice", planId: "basic" });
    expect(await activatePurchase(bought.token, alice, {})).toEqual({
      kind: "activated",
      subscriptionId: bought.subscriptionId,
    });
    expect(await activateCalls(bought.subscriptionId)).toBe(1);
    expect((await typesOf(bought.subscriptionId)).filter((t) => t.includes("provision"))).toEqual([]);
    const late = await answer("provisioned", bought.subscriptionId);
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/activated without the provisioning gate/);
  });
});

describe("the setting", () => {
  it("is off by default, and each change is a setting.changed event naming who and what; saving the same value writes nothing", async () => {
    const key = "provisioningGate";
    await getDb().portalSetting.deleteMany({ where: { key } });
    expect((await getSetting(key)).value).toBe(false);
    expect(await setSetting(key, false, owner)).toBe(false);
    expect(await setSetting(key, true, owner)).toBe(true);
    expect(await setSetting(key, true, owner)).toBe(false);
    expect(await getSetting(key)).toMatchObject({ value: true, updatedByLabel: owner.label });
    const changes = await getDb().event.findMany({
      where: { subjectType: "setting", subjectId: key, at: { gte: new Date(Date.now() - 10_000) } },
      orderBy: { id: "desc" },
      take: 1,
    });
    expect(changes[0]).toMatchObject({
      type: "setting.changed",
      actorId: owner.id,
      actorLabel: owner.label,
      before: { value: false },
      after: { value: true },
    });
  });
});

it("every documented answer of the two routes but the recipe's body and server errors was met and matched the document", () => {
  const mine = contract.documented().filter((c) => c.includes("provision"));
  expect(mine.filter((c) => !contract.checked().includes(c))).toEqual([
    "post /api/v1/subscriptions/{id}/provisioned 408",
    "post /api/v1/subscriptions/{id}/provisioned 413",
    "post /api/v1/subscriptions/{id}/provisioned 415",
    "post /api/v1/subscriptions/{id}/provisioned 500",
    "post /api/v1/subscriptions/{id}/provisioning-failed 401",
    "post /api/v1/subscriptions/{id}/provisioning-failed 403",
    "post /api/v1/subscriptions/{id}/provisioning-failed 404",
    "post /api/v1/subscriptions/{id}/provisioning-failed 408",
    "post /api/v1/subscriptions/{id}/provisioning-failed 413",
    "post /api/v1/subscriptions/{id}/provisioning-failed 415",
    "post /api/v1/subscriptions/{id}/provisioning-failed 500",
  ]);
});
