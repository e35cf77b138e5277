// Publisher-initiated PATCH and DELETE: validation rules, lock, 202 + Operation-Location, completion.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventually, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ operationDelayMs: 150 });
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
  h.hooks.calls.length = 0;
});

type Op = { id: string; status: string; action: string; planId: string; quantity?: number; subscriptionId: string };

async function patch(id: string, body: unknown): Promise<{ status: number; message?: string; location?: string }> {
  const res = await h.api("PATCH", `/saas/subscriptions/${id}`, { body });
  return {
    status: res.status,
    ...(res.text ? { message: res.json<{ message: string }>().message } : {}),
    ...(res.headers.get("operation-location") ? { location: res.headers.get("operation-location") ?? "" } : {}),
  };
}

describe("PATCH validation", () => {
  it("refuses plan and quantity together, neither, the same plan, unknown plans and other pricing models", async () => {
    const flat = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    expect(await patch(flat, { planId: "metered", quantity: 3 })).toMatchObject({
      status: 400,
      message: "Cannot patch more than one field in the same request",
    });
    expect(await patch(flat, {})).toMatchObject({ status: 400, message: "The request content is null" });
    expect((await patch(flat, { planId: "basic" })).message).toMatch(/already subscribed to plan basic/);
    expect(await patch(flat, { planId: "gold" })).toMatchObject({
      status: 400,
      message: "Request Plan is NOT in Catalog.",
    });
    expect(await patch(flat, { planId: "pro-seats" })).toMatchObject({
      status: 400,
      message: "Request Plan is NOT in Catalog.",
    });
    expect((await patch(flat, { quantity: 5 })).message).toMatch(/not a per-seat plan/);
    expect(
      (
        await h.api("PATCH", `/saas/subscriptions/${flat}`, {
          rawBody: "{oops",
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
  });

  it("checks seats against the plan's min/max and Microsoft's 1,000,000 ceiling", async () => {
    const seats = await h.subscribed({
      personaId: "alice",
      offerId: "fabrikam-cloud",
      planId: "pro-seats",
      quantity: 10,
    });
    expect((await patch(seats, { quantity: 4 })).message).toBe(
      "Quantity 4 is outside the range [5, 500] of plan pro-seats",
    );
    expect((await patch(seats, { quantity: 501 })).status).toBe(400);
    expect((await patch(seats, { quantity: 10 })).message).toBe("New quantity is the same as on the subscription");
    expect((await patch(seats, { quantity: 2_000_000 })).message).toMatch(/maximal limit of 1000000/);
    expect((await patch(seats, { quantity: -3 })).status).toBe(400);
    // enterprise needs 50+ seats: change the quantity first
    expect((await patch(seats, { planId: "enterprise" })).message).toMatch(/change the quantity first/);
  });

  it("only changes Subscribed subscriptions", async () => {
    const pending = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    expect(await patch(pending.subscriptionId, { planId: "metered" })).toMatchObject({
      status: 400,
      message: "Subscription is not active",
    });
    expect((await patch("00000000-0000-4000-8000-000000000000", { planId: "metered" })).status).toBe(404);
  });

  it("refuses PATCH and DELETE for CSP purchases (allowedCustomerOperations [Read])", async () => {
    const id = await h.subscribed({
      personaId: "alice",
      cspPartnerPersonaId: "carol",
      offerId: "fabrikam-cloud",
      planId: "basic",
    });
    const sub = (await h.api("GET", `/saas/subscriptions/${id}`)).json<{
      allowedCustomerOperations: string[];
      purchaser: { emailId: string };
      beneficiary: { emailId: string };
    }>();
    expect(sub.allowedCustomerOperations).toEqual(["Read"]);
    expect(sub.purchaser.emailId).toBe("carol@northwind.example");
    expect(sub.beneficiary.emailId).toBe("alice@contoso.example");
    expect((await patch(id, { planId: "metered" })).message).toMatch(/Update is not in allowedCustomerOperations/);
    const del = await h.api("DELETE", `/saas/subscriptions/${id}`);
    expect(del.status).toBe(400);
    expect(del.json().message).toMatch(/Delete is not in allowedCustomerOperations/);
  });
});

describe("PATCH and DELETE lifecycle", () => {
  it("answers 202 with Operation-Location, locks the subscription, then applies and notifies (source Partner)", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 10 });
    const accepted = await patch(id, { quantity: 20 });
    expect(accepted.status).toBe(202);
    const location = new URL(accepted.location ?? "");
    expect(location.origin).toBe(h.sim.httpsUrl);
    expect(location.pathname).toMatch(new RegExp(`^/api/saas/subscriptions/${id}/operations/[0-9a-f-]{36}$`));
    expect(location.searchParams.get("api-version")).toBe("2018-08-31");

    expect(await patch(id, { quantity: 30 })).toMatchObject({
      status: 400,
      message: "Patch cannot be completed because the subscription is locked due to pending operations",
    });
    const del = await h.api("DELETE", `/saas/subscriptions/${id}`);
    expect(del.status).toBe(409);

    const opUrl = `${location.pathname.slice("/api".length)}`;
    const inProgress = (await h.api("GET", opUrl)).json<Op>();
    expect(inProgress).toMatchObject({
      status: "InProgress",
      action: "ChangeQuantity",
      quantity: 20,
      subscriptionId: id,
    });
    // While it runs it is outstanding, as Microsoft's own emulator lists it: a publisher that lost the 202 finds it there.
    expect(
      (await h.api("GET", `/saas/subscriptions/${id}/operations`))
        .json<{ operations: Op[] }>()
        .operations.map((o) => o.id),
    ).toEqual([inProgress.id]);
    expect((await h.api("GET", `/saas/subscriptions/${id}`)).json<{ quantity: number }>().quantity).toBe(10);

    await eventually(async () => ((await h.api("GET", opUrl)).json<Op>().status === "Succeeded" ? true : undefined));
    expect((await h.api("GET", `/saas/subscriptions/${id}`)).json<{ quantity: number }>().quantity).toBe(20);
    const [call] = await h.hooks.waitFor(1);
    expect(call?.body).toMatchObject({
      action: "ChangeQuantity",
      operationRequestSource: "Partner",
      quantity: 20,
      subscriptionId: id,
    });
    // Once finished it is no longer outstanding, and ACKing an operation the publisher started fails with 500.
    expect(
      (await h.api("GET", `/saas/subscriptions/${id}/operations`)).json<{ operations: Op[] }>().operations,
    ).toEqual([]);
    expect((await h.api("PATCH", opUrl, { body: { status: "Success" } })).status).toBe(500);
  });

  it("changes plan, keeping the subscription Subscribed while the operation runs", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const accepted = await patch(id, { planId: "metered" });
    expect(accepted.status).toBe(202);
    expect((await h.api("GET", `/saas/subscriptions/${id}`)).json()).toMatchObject({
      planId: "basic",
      saasSubscriptionStatus: "Subscribed",
    });
    await eventually(async () =>
      (await h.api("GET", `/saas/subscriptions/${id}`)).json().planId === "metered" ? true : undefined,
    );
    const [call] = await h.hooks.waitFor(1);
    expect(call?.body).toMatchObject({
      action: "ChangePlan",
      planId: "metered",
      status: "InProgress",
      operationRequestSource: "Partner",
    });
  });

  it("DELETE ends Unsubscribed (final): still listed, no further changes", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const res = await h.api("DELETE", `/saas/subscriptions/${id}`);
    expect(res.status).toBe(202);
    expect(res.headers.get("operation-location")).toContain(`/api/saas/subscriptions/${id}/operations/`);
    await eventually(async () =>
      (await h.api("GET", `/saas/subscriptions/${id}`)).json().saasSubscriptionStatus === "Unsubscribed"
        ? true
        : undefined,
    );
    const [call] = await h.hooks.waitFor(1);
    expect(call?.body).toMatchObject({ action: "Unsubscribe", status: "Succeeded", operationRequestSource: "Partner" });
    expect((await h.api("DELETE", `/saas/subscriptions/${id}`)).status).toBe(400);
    expect((await patch(id, { planId: "metered" })).status).toBe(400);
    expect((await h.control("POST", `/subscriptions/${id}/reinstate`)).status).toBe(409);
    const listed = (await h.api("GET", "/saas/subscriptions")).json<{
      subscriptions: Array<{ id: string; saasSubscriptionStatus: string }>;
    }>();
    expect(listed.subscriptions).toEqual([expect.objectContaining({ id, saasSubscriptionStatus: "Unsubscribed" })]);
  });

  it("DELETE works on a subscription that was never activated", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    expect((await h.api("DELETE", `/saas/subscriptions/${bought.subscriptionId}`)).status).toBe(202);
    await eventually(async () =>
      (await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}`)).json().saasSubscriptionStatus ===
      "Unsubscribed"
        ? true
        : undefined,
    );
  });
});

describe("runtime timings (/_sim/timings)", () => {
  it("keeps a new operation out of the list for operationsListDelayMs and running for operationDelayMs; reset restores both", async () => {
    expect((await h.control("POST", "/timings", { operationDelayMs: 1_000, operationsListDelayMs: 300 })).body).toEqual(
      { operationDelayMs: 1_000, operationsListDelayMs: 300 },
    );
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    expect((await h.api("DELETE", `/saas/subscriptions/${id}`)).status).toBe(202);
    const listed = async () =>
      (await h.api("GET", `/saas/subscriptions/${id}/operations`)).json<{ operations: Op[] }>().operations;
    expect(await listed()).toEqual([]);
    await new Promise((r) => setTimeout(r, 350));
    expect((await listed()).map((o) => o.action)).toEqual(["Unsubscribe"]);
    await h.control("POST", "/reset");
    expect((await h.control("GET", "/timings")).body).toEqual({ operationDelayMs: 150, operationsListDelayMs: 0 });
    expect((await h.control("POST", "/timings", { operationDelayMs: -1 })).status).toBe(400);
  });
});
