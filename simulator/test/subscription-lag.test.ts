// Get Subscription lagging behind a completed operation (SIM_SUBSCRIPTION_LAG_MS), and a subscription status
// Microsoft has not documented (the report-status event): what a webhook handler must live with.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadSettings } from "../settings";
import { startHarness, type Harness } from "./harness";

// Long enough for a few calls on a busy machine to fit inside it.
const LAG_MS = 2_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ subscriptionLagMs: LAG_MS });
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
  h.hooks.calls.length = 0;
  h.hooks.respondWith(() => ({ status: 200 }));
});

type Sub = {
  planId: string;
  quantity?: number;
  saasSubscriptionStatus: string;
  term: { startDate: string; endDate: string };
};
const get = async (id: string) => (await h.api("GET", `/saas/subscriptions/${id}`)).json<Sub>();
const listed = async (id: string) =>
  (await h.api("GET", "/saas/subscriptions"))
    .json<{ subscriptions: (Sub & { id: string })[] }>()
    .subscriptions.find((s) => s.id === id);
/** Without the harness's OpenAPI contract check: an undocumented status breaks the contract on purpose. */
const uncheckedGet = async (path: string) => {
  const res = await h.fetch(`${h.sim.httpsUrl}/api${path}${path.includes("?") ? "&" : "?"}api-version=2018-08-31`, {
    headers: { authorization: `Bearer ${await h.token()}` },
  });
  return (await res.json()) as Record<string, unknown>;
};
const truth = async (id: string) => (await h.control<Sub>("GET", `/subscriptions/${id}`)).body;
const event = (id: string, name: string, body?: unknown) =>
  h.control<{ operation?: { id: string } }>("POST", `/subscriptions/${id}/${name}`, body);

describe("SIM_SUBSCRIPTION_LAG_MS", () => {
  it("is read from the environment, 0 (no lag) by default", () => {
    expect(loadSettings({}).subscriptionLagMs).toBe(0);
    expect(loadSettings({ SIM_SUBSCRIPTION_LAG_MS: "2000" }).subscriptionLagMs).toBe(2000);
    expect(() => loadSettings({ SIM_SUBSCRIPTION_LAG_MS: "-1" })).toThrow(/SIM_SUBSCRIPTION_LAG_MS/);
  });

  it("Get and List Subscriptions show an acknowledged change only after the lag, while Get Operation says Succeeded at once", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 10 });
    const op = (await event(id, "change-quantity", { quantity: 25 })).body.operation!;
    const ack = await h.api("PATCH", `/saas/subscriptions/${id}/operations/${op.id}`, { body: { status: "Success" } });
    expect(ack.status).toBe(200);
    const acknowledgedAt = Date.now();
    expect((await h.api("GET", `/saas/subscriptions/${id}/operations/${op.id}`)).json()).toMatchObject({
      status: "Succeeded",
    });
    expect((await get(id)).quantity).toBe(10);
    expect((await listed(id))?.quantity).toBe(10);
    expect((await truth(id)).quantity).toBe(25); // the control API shows the simulator's truth
    await new Promise((r) => setTimeout(r, LAG_MS - (Date.now() - acknowledgedAt) + 50));
    expect((await get(id)).quantity).toBe(25);
    expect((await listed(id))?.quantity).toBe(25);
  });

  it("keeps the old term after a Renew until the lag has passed", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const before = (await get(id)).term;
    await event(id, "renew");
    const renewedAt = Date.now();
    expect((await get(id)).term).toEqual(before);
    expect((await truth(id)).term.endDate).not.toBe(before.endDate);
    await new Promise((r) => setTimeout(r, LAG_MS - (Date.now() - renewedAt) + 50));
    expect((await get(id)).term.endDate).toBe((await truth(id)).term.endDate);
  });

  it("shows two quick changes one after the other, each after its own lag", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await event(id, "suspend");
    const suspendedAt = Date.now();
    await new Promise((r) => setTimeout(r, LAG_MS / 2));
    const reinstate = (await event(id, "reinstate")).body.operation!;
    await h.api("PATCH", `/saas/subscriptions/${id}/operations/${reinstate.id}`, { body: { status: "Success" } });
    expect((await get(id)).saasSubscriptionStatus).toBe("Subscribed"); // neither change shows yet
    await new Promise((r) => setTimeout(r, LAG_MS - (Date.now() - suspendedAt) + 50));
    expect((await get(id)).saasSubscriptionStatus).toBe("Suspended");
    await new Promise((r) => setTimeout(r, LAG_MS / 2 + 50));
    expect((await get(id)).saasSubscriptionStatus).toBe("Subscribed");
  });
});

describe("report-status: a subscription status Microsoft has not documented", () => {
  it("is what Get and List Subscriptions report until it is withdrawn; the subscription goes on as before", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const reported = await event(id, "report-status", { status: "Transferred" });
    expect(reported.status).toBe(200);
    expect(reported.body.operation).toBeUndefined();
    expect((await uncheckedGet(`/saas/subscriptions/${id}`)).saasSubscriptionStatus).toBe("Transferred");
    const list = (await uncheckedGet("/saas/subscriptions")).subscriptions as {
      id: string;
      saasSubscriptionStatus: string;
    }[];
    expect(list.find((s) => s.id === id)?.saasSubscriptionStatus).toBe("Transferred");
    expect((await truth(id)).saasSubscriptionStatus).toBe("Subscribed");
    // Events still work on the documented state, and still send their webhooks.
    expect((await event(id, "suspend")).status).toBe(200);
    expect((await h.hooks.waitFor(1))[0]?.body).toMatchObject({ action: "Suspend" });
    expect((await event(id, "report-status", {})).status).toBe(200);
    await new Promise((r) => setTimeout(r, LAG_MS + 50));
    expect((await get(id)).saasSubscriptionStatus).toBe("Suspended");
  });
});
