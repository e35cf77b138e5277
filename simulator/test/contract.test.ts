// Contract test: every Marketplace API operation's response bodies validated against Microsoft's OpenAPI
// files (strictly: unknown fields refused, documented fields required). Every API call made through the
// harness in any test file is validated the same way; this file makes sure each operation is covered and
// asserts the documented differences between Microsoft's behaviour and the files explicitly
// (DOCUMENTED_DEVIATIONS in openapi-contract.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ operationDelayMs: 20 });
});
afterAll(async () => h.stop());

const hourAgo = (): string => new Date(Date.now() - 3_600_000).toISOString();

describe("OpenAPI contract", () => {
  it("holds for a scenario that calls every operation", async () => {
    await h.control("POST", "/reset");
    expect((await h.api("GET", "/saas/subscriptions")).status).toBe(200);
    const seats = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 8 });
    const metered = await h.purchase({
      personaId: "bob",
      cspPartnerPersonaId: "carol",
      offerId: "fabrikam-cloud",
      planId: "metered",
    });
    const auto = await h.purchase({ personaId: "dana", offerId: "fabrikam-analytics", planId: "basic", isTest: true });
    await h.purchase({ personaId: "ben", offerId: "fabrikam-cloud", planId: "auto" });
    const privatePlan = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "private-contoso" });
    for (const bought of [seats, metered, auto, privatePlan]) {
      expect(
        (await h.api("POST", "/saas/subscriptions/resolve", { headers: { "x-ms-marketplace-token": bought.token } }))
          .status,
      ).toBe(200);
    }
    expect(
      (await h.api("POST", `/saas/subscriptions/${seats.subscriptionId}/activate`, { body: { planId: "pro-seats" } }))
        .status,
    ).toBe(200);
    expect(
      (await h.api("POST", `/saas/subscriptions/${metered.subscriptionId}/activate`, { body: { planId: "metered" } }))
        .status,
    ).toBe(200);
    expect((await h.api("GET", "/saas/subscriptions")).status).toBe(200);
    expect((await h.api("GET", `/saas/subscriptions/${seats.subscriptionId}`)).status).toBe(200);
    expect((await h.api("GET", `/saas/subscriptions/${seats.subscriptionId}/listAvailablePlans`)).status).toBe(200);
    expect(
      (
        await h.api(
          "GET",
          `/saas/subscriptions/${privatePlan.subscriptionId}/listAvailablePlans?planId=private-contoso`,
        )
      ).status,
    ).toBe(200);

    const patched = await h.api("PATCH", `/saas/subscriptions/${seats.subscriptionId}`, { body: { quantity: 9 } });
    expect(patched.status).toBe(202);
    const opPath = new URL(patched.headers.get("operation-location") ?? "").pathname.slice("/api".length);
    expect((await h.api("GET", opPath)).status).toBe(200);
    const change = await h.control<{ operation: { id: string } }>(
      "POST",
      `/subscriptions/${metered.subscriptionId}/change-plan`,
      { planId: "basic" },
    );
    expect(
      (await h.api("GET", `/saas/subscriptions/${metered.subscriptionId}/operations`)).json<{ operations: unknown[] }>()
        .operations,
    ).toHaveLength(1);
    expect(
      (
        await h.api("PATCH", `/saas/subscriptions/${metered.subscriptionId}/operations/${change.body.operation.id}`, {
          body: { status: "Failure" },
        })
      ).status,
    ).toBe(200);

    const event = {
      resourceId: metered.subscriptionId,
      quantity: 2,
      dimension: "api-calls",
      effectiveStartTime: hourAgo(),
      planId: "metered",
    };
    expect((await h.api("POST", "/usageEvent", { body: event })).status).toBe(200);
    expect((await h.api("POST", "/usageEvent", { body: event })).status).toBe(409);
    expect((await h.api("POST", "/usageEvent", { body: { ...event, dimension: "nope" } })).status).toBe(400);
    expect(
      (
        await h.api("POST", "/batchUsageEvent", {
          body: { request: [event, { ...event, dimension: "storage-gb" }, { quantity: 1 }] },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await h.api(
          "GET",
          `/usageEvents?usageStartDate=${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}`,
        )
      ).status,
    ).toBe(200);
    expect((await h.api("DELETE", `/saas/subscriptions/${privatePlan.subscriptionId}`)).status).toBe(202);

    const covered = [...h.contract.coverage.keys()].sort();
    const all = [...new Set(h.contract.operations.map((op) => op.operationId))].sort();
    const withoutBody = [
      "FulfillmentOperations_ActivateSubscription",
      "FulfillmentOperations_DeleteSubscription",
      "FulfillmentOperations_UpdateSubscription",
      "SubscriptionOperations_UpdateOperationStatus",
    ];
    expect(covered).toEqual(all.filter((id) => !withoutBody.includes(id)));
    expect(h.contract.coverage.get("MeteringOperations_PostUsageEvent")).toEqual(new Set([200, 409, 400]));
  });

  it("is strict enough to catch drift: misspelt or missing fields fail", async () => {
    await h.control("POST", "/reset");
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const sub = (await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}`)).json();
    expect(h.contract.validateSchema("saas", "Subscription", sub)).toEqual([]);
    const { saasSubscriptionStatus: status, ...withoutStatus } = sub;
    expect(h.contract.validateSchema("saas", "Subscription", withoutStatus).join()).toMatch(/saasSubscriptionStatus/);
    expect(
      h.contract.validateSchema("saas", "Subscription", { ...withoutStatus, saasSubscriptionStatuss: status }).join(),
    ).toMatch(/additional/);
    expect(h.contract.validateSchema("saas", "Subscription", { ...sub, quantity: null }).length).toBeGreaterThan(0);
  });
});

describe("documented differences from the OpenAPI files", () => {
  it("list subscriptions: empty body when there are none", async () => {
    await h.control("POST", "/reset");
    const res = await h.api("GET", "/saas/subscriptions");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
  });

  it("batch usage: failed items carry messageTime 0001-01-01T00:00:00", async () => {
    const res = await h.api("POST", "/batchUsageEvent", { body: { request: [{ quantity: 1 }] } });
    const item = res.json<{ result: Array<{ messageTime: string }> }>().result[0];
    expect(item?.messageTime).toBe("0001-01-01T00:00:00");
    expect(Number.isNaN(Date.parse("0001-01-01T00:00:00Z"))).toBe(false);
  });

  it("operations: Subscribe is an action; lastModified and errorStatusCode/errorMessage are present", async () => {
    await h.control("POST", "/reset");
    h.hooks.calls.length = 0;
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
    const [call] = await h.hooks.waitFor(1);
    const op = (
      await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}/operations/${String(call?.body.id)}`)
    ).json();
    expect(op).toMatchObject({ action: "Subscribe", errorStatusCode: "", errorMessage: "" });
    expect((await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}`)).json().lastModified).toBe(
      "0001-01-01T00:00:00",
    );
  });

  it("operations list: 200 with an empty list for an unknown subscription", async () => {
    const res = await h.api("GET", "/saas/subscriptions/00000000-0000-4000-8000-000000000000/operations");
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ operations: [] });
  });

  it("api-version errors use ASP.NET's body on metering too", async () => {
    const res = await h.api("POST", "/usageEvent", { apiVersion: null, body: {} });
    expect(res.json()).toEqual({
      Error: { Code: "ApiVersionUnspecified", Message: "An API version is required, but was not specified." },
    });
  });

  it("webhook payloads (not in the files) embed a Subscription that matches the schema once chargeDuration null is set aside", async () => {
    h.hooks.calls.length = 0;
    await h.purchase({ personaId: "ben", offerId: "fabrikam-cloud", planId: "auto" });
    const [call] = await h.hooks.waitFor(1);
    const subscription = call?.body.subscription as { term: Record<string, unknown> };
    expect(subscription.term.chargeDuration).toBeNull();
    const { chargeDuration: _null, ...term } = subscription.term;
    expect(h.contract.validateSchema("saas", "Subscription", { ...subscription, term })).toEqual([]);
  });
});
