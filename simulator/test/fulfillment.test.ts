// Fulfillment API v2: resolve, activate, get, list (paging, empty body), listAvailablePlans.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MSA, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ listPageSize: 100 });
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
});

type Sub = {
  id: string;
  saasSubscriptionStatus: string;
  planId: string;
  quantity?: number;
  term: { startDate: string; endDate: string; termUnit: string };
};

describe("resolve", () => {
  it("resolves a purchase token sent URL-decoded, with + and / intact", async () => {
    const bought = await h.purchase({
      personaId: "alice",
      offerId: "fabrikam-cloud",
      planId: "pro-seats",
      quantity: 12,
      name: "Contoso seats",
    });
    expect(bought.token).toMatch(/\+/);
    expect(bought.token).toMatch(/\//);
    const fromUrl = new URL(bought.landingUrl).searchParams.get("token");
    expect(fromUrl).toBe(bought.token);
    const res = await h.api("POST", "/saas/subscriptions/resolve", {
      headers: { "x-ms-marketplace-token": bought.token },
    });
    expect(res.status).toBe(200);
    const body = res.json<{
      id: string;
      subscriptionName: string;
      offerId: string;
      planId: string;
      quantity: number;
      subscription: Sub;
    }>();
    expect(body).toMatchObject({
      id: bought.subscriptionId,
      subscriptionName: "Contoso seats",
      offerId: "fabrikam-cloud",
      planId: "pro-seats",
      quantity: 12,
    });
    expect(body.subscription.saasSubscriptionStatus).toBe("PendingFulfillmentStart");
  });

  it("omits quantity for flat-rate plans", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const body = (
      await h.api("POST", "/saas/subscriptions/resolve", { headers: { "x-ms-marketplace-token": bought.token } })
    ).json();
    expect(body).not.toHaveProperty("quantity");
    expect(body.subscription).not.toHaveProperty("quantity");
  });

  it("answers 400 HeaderNotPresent without the header", async () => {
    const res = await h.api("POST", "/saas/subscriptions/resolve");
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      code: "HeaderNotPresent",
      message: "Mandatory header missing",
      target: "x-ms-marketplace-token",
    });
  });

  it("answers 400 InvalidValue for a tampered token and for one whose + became a space", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    // Flip one character in the middle (the last ones may be padding bits the decoder ignores).
    const middle = Math.floor(bought.token.length / 2);
    const tampered = `${bought.token.slice(0, middle)}${bought.token[middle] === "A" ? "B" : "A"}${bought.token.slice(middle + 1)}`;
    for (const token of [tampered, bought.token.replace(/\+/g, " "), "not-a-token"]) {
      const res = await h.api("POST", "/saas/subscriptions/resolve", { headers: { "x-ms-marketplace-token": token } });
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({
        code: "InvalidValue",
        message: "Failed to decrypt token with either primary or secondary secret",
      });
    }
  });

  it("answers 400 once the token is older than 24 hours (Marketplace clock)", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.control("POST", "/clock", { advanceMs: 23 * 3_600_000 });
    expect(
      (await h.api("POST", "/saas/subscriptions/resolve", { headers: { "x-ms-marketplace-token": bought.token } }))
        .status,
    ).toBe(200);
    await h.control("POST", "/clock", { advanceMs: 3_600_000 });
    const res = await h.api("POST", "/saas/subscriptions/resolve", {
      headers: { "x-ms-marketplace-token": bought.token },
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ code: "InvalidValue", message: "The marketplace token has expired" });
  });

  it("resolves subscriptions in every status (Manage account visits)", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    await h.control("POST", `/subscriptions/${id}/suspend`);
    const fresh = await h.control<{ token: string }>("POST", `/subscriptions/${id}/landing-token`);
    const res = await h.api("POST", "/saas/subscriptions/resolve", {
      headers: { "x-ms-marketplace-token": fresh.body.token },
    });
    expect(res.json<{ subscription: Sub }>().subscription.saasSubscriptionStatus).toBe("Suspended");
  });
});

describe("activate", () => {
  it("answers 200 with an empty body and starts the term", async () => {
    const bought = await h.purchase({
      personaId: "alice",
      offerId: "fabrikam-cloud",
      planId: "pro-seats",
      quantity: 10,
      termUnit: "P1Y",
    });
    const res = await h.api("POST", `/saas/subscriptions/${bought.subscriptionId}/activate`, {
      body: { planId: "pro-seats", quantity: "10" },
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const sub = (await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}`)).json<Sub>();
    expect(sub.saasSubscriptionStatus).toBe("Subscribed");
    expect(sub.term.termUnit).toBe("P1Y");
    const start = new Date(sub.term.startDate);
    const end = new Date(sub.term.endDate);
    expect(start.getUTCHours()).toBe(0);
    expect(end.getTime() - start.getTime()).toBeGreaterThan(360 * 86_400_000);
  });

  it("validates the body against the purchase", async () => {
    const seats = await h.purchase({
      personaId: "alice",
      offerId: "fabrikam-cloud",
      planId: "pro-seats",
      quantity: 10,
    });
    const flat = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const cases: Array<[string, unknown, string]> = [
      [seats.subscriptionId, {}, "The plan id is required"],
      [seats.subscriptionId, { planId: "enterprise" }, "The plan id should match the purchased plan id"],
      [seats.subscriptionId, { planId: "pro-seats", quantity: 11 }, "The quantity should match the purchased quantity"],
      [flat.subscriptionId, { planId: "basic", quantity: 1 }, "Plan basic is not a per-seat plan; send no quantity"],
    ];
    for (const [id, body, message] of cases) {
      const res = await h.api("POST", `/saas/subscriptions/${id}/activate`, { body });
      expect(res.status, message).toBe(400);
      expect(res.json().message).toBe(message);
    }
  });

  it("refuses a second activation (400) and an unsubscribed or unknown subscription (404)", async () => {
    const id = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    expect((await h.api("POST", `/saas/subscriptions/${id}/activate`, { body: { planId: "basic" } })).status).toBe(400);
    await h.control("POST", `/subscriptions/${id}/suspend`);
    expect((await h.api("POST", `/saas/subscriptions/${id}/activate`, { body: { planId: "basic" } })).status).toBe(400);
    await h.control("POST", `/subscriptions/${id}/expire-grace`);
    expect((await h.api("POST", `/saas/subscriptions/${id}/activate`, { body: { planId: "basic" } })).status).toBe(404);
    expect(
      (
        await h.api("POST", "/saas/subscriptions/00000000-0000-4000-8000-000000000000/activate", {
          body: { planId: "basic" },
        })
      ).status,
    ).toBe(404);
  });
});

describe("get and list", () => {
  it("GET answers 404 EntityNotFound for an unknown id", async () => {
    const res = await h.api("GET", "/saas/subscriptions/00000000-0000-4000-8000-000000000000");
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ code: "EntityNotFound", target: "subscriptionId" });
  });

  it("answers an empty body (not {subscriptions:[]}) when there are no subscriptions", async () => {
    const res = await h.api("GET", "/saas/subscriptions");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
  });

  it("pages by 100 with an absolute @nextLink carrying continuationToken and api-version, Unsubscribed included", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 205; i++)
      ids.push(
        (await h.purchase({ personaId: i % 2 ? "alice" : "bob", offerId: "fabrikam-cloud", planId: "basic" }))
          .subscriptionId,
      );
    const cancelled = ids[3] ?? "";
    await h.control("POST", `/subscriptions/${cancelled}/cancel`);
    const seen: Sub[] = [];
    let url: string | undefined = `${h.sim.httpsUrl}/api/saas/subscriptions/?api-version=2018-08-31`;
    let pages = 0;
    while (url) {
      const res = await h.fetch(url, { headers: { authorization: `Bearer ${await h.token()}` } });
      const body = (await res.json()) as { subscriptions: Sub[]; "@nextLink"?: string };
      seen.push(...body.subscriptions);
      pages++;
      if (body["@nextLink"]) {
        const next = new URL(body["@nextLink"]);
        expect(next.origin).toBe(h.sim.httpsUrl);
        expect(next.searchParams.get("api-version")).toBe("2018-08-31");
        expect(JSON.parse(next.searchParams.get("continuationToken") ?? "")).toHaveProperty("token");
      }
      url = body["@nextLink"];
    }
    expect(pages).toBe(3);
    expect(seen.map((s) => s.id)).toEqual(ids);
    expect(seen.find((s) => s.id === cancelled)?.saasSubscriptionStatus).toBe("Unsubscribed");
  });

  it("refuses a malformed continuation token", async () => {
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const res = await h.api("GET", "/saas/subscriptions?continuationToken=garbage");
    expect(res.status).toBe(400);
  });
});

describe("listAvailablePlans", () => {
  type Plans = { plans: Array<{ planId: string; isPrivate: boolean; sourceOffers?: Array<{ externalId: string }> }> };

  it("lists the current plan and same-model plans, private ones only for their audience", async () => {
    const contoso = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const msa = await h.purchase({ personaId: "bob", offerId: "fabrikam-cloud", planId: "basic" });
    const forContoso = (await h.api("GET", `/saas/subscriptions/${contoso.subscriptionId}/listAvailablePlans`))
      .json<Plans>()
      .plans.map((p) => p.planId);
    const forMsa = (await h.api("GET", `/saas/subscriptions/${msa.subscriptionId}/listAvailablePlans`))
      .json<Plans>()
      .plans.map((p) => p.planId);
    expect(forContoso).toEqual(["basic", "metered", "trial", "private-contoso", "auto"]);
    expect(forMsa).toEqual(["basic", "metered", "trial", "auto"]);
    const seats = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "pro-seats", quantity: 5 });
    const seatPlans = (await h.api("GET", `/saas/subscriptions/${seats.subscriptionId}/listAvailablePlans`))
      .json<Plans>()
      .plans.map((p) => p.planId);
    expect(seatPlans).toEqual(["pro-seats", "enterprise"]);
  });

  it("filters by planId: the purchased private plan names its private offer; unknown plans give []", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "private-contoso" });
    const filtered = (
      await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}/listAvailablePlans?planId=private-contoso`)
    ).json<Plans>();
    expect(filtered.plans).toHaveLength(1);
    expect(filtered.plans[0]?.sourceOffers).toEqual([{ externalId: "5ec2e7a0-0000-4000-8000-00000000c001" }]);
    const unfiltered = (
      await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}/listAvailablePlans`)
    ).json<Plans>();
    expect(unfiltered.plans.every((p) => p.sourceOffers === undefined)).toBe(true);
    const none = (
      await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}/listAvailablePlans?planId=nope`)
    ).json<Plans>();
    expect(none.plans).toEqual([]);
  });

  it("answers 404 for an unknown subscription", async () => {
    expect(
      (await h.api("GET", "/saas/subscriptions/00000000-0000-4000-8000-000000000000/listAvailablePlans")).status,
    ).toBe(404);
  });

  it("keeps tenant ids of the beneficiary (MSA buyer)", async () => {
    const bought = await h.purchase({ personaId: "bob", offerId: "fabrikam-cloud", planId: "basic" });
    const sub = (await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}`)).json<{
      beneficiary: { tenantId: string };
    }>();
    expect(sub.beneficiary.tenantId).toBe(MSA);
  });
});
