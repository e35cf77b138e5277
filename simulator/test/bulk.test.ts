// POST /_sim/subscriptions/bulk: realistic subscriptions straight into the state, and List staying fast
// over 100 000 of them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONTOSO, MSA, startHarness, type Harness } from "./harness";

type Sub = {
  id: string;
  offerId: string;
  planId: string;
  quantity?: number;
  saasSubscriptionStatus: string;
  beneficiary: { emailId: string; tenantId: string; objectId: string };
  purchaser: { emailId: string; tenantId: string; objectId: string };
  term: { termUnit: string; startDate: string; endDate: string };
  allowedCustomerOperations: string[];
  isTest: boolean;
  isFreeTrial: boolean;
  created: string;
};
type Bulk = { created: number; total: number; durationMs: number; byStatus: Record<string, number>; ids?: string[] };
type Page = { subscriptions: Sub[]; "@nextLink"?: string };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
});

const bulk = (body: Record<string, unknown>) =>
  h.control<Bulk & { error?: string }>("POST", "/subscriptions/bulk", body);

/** Every subscription through the real List API (contract-checked against Microsoft's OpenAPI file). */
async function listAll(): Promise<Sub[]> {
  const all: Sub[] = [];
  let path: string | undefined = "/saas/subscriptions";
  while (path) {
    const page: Page = (await h.api("GET", path)).json<Page>();
    all.push(...page.subscriptions);
    path = page["@nextLink"]?.replace(/^.*\/api/, "");
  }
  return all;
}

const SEATS: Record<string, [number, number]> = { "pro-seats": [5, 500], enterprise: [50, 10_000], team: [1, 100] };

describe("bulk seeding", () => {
  it("creates a realistic population: statuses, plans of every offer, seats within limits, tenants, terms, dates", async () => {
    const res = await bulk({ count: 1_000, seed: 42 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 1_000, total: 1_000 });
    expect(res.body.ids).toHaveLength(1_000);
    const subs = await listAll();
    expect(subs.map((s) => s.id)).toEqual(res.body.ids);

    const count = (status: string) => subs.filter((s) => s.saasSubscriptionStatus === status).length;
    expect(count("Subscribed")).toBeGreaterThan(500);
    expect(count("Unsubscribed")).toBeGreaterThan(120);
    expect(count("PendingFulfillmentStart")).toBeGreaterThan(60);
    expect(count("Suspended")).toBeGreaterThan(10);
    expect(res.body.byStatus.Subscribed).toBe(count("Subscribed"));

    expect(new Set(subs.map((s) => `${s.offerId}/${s.planId}`))).toEqual(
      new Set([
        "fabrikam-cloud/basic",
        "fabrikam-cloud/metered",
        "fabrikam-cloud/pro-seats",
        "fabrikam-cloud/enterprise",
        "fabrikam-cloud/trial",
        "fabrikam-cloud/auto",
        "fabrikam-analytics/basic",
        "fabrikam-analytics/team",
      ]),
    );
    for (const s of subs) {
      const limits = SEATS[s.planId];
      if (limits) {
        expect(s.quantity).toBeGreaterThanOrEqual(limits[0]);
        expect(s.quantity).toBeLessThanOrEqual(limits[1]);
      } else expect(s.quantity).toBeUndefined();
      expect(new Date(s.term.endDate).getTime()).toBeGreaterThan(new Date(s.term.startDate).getTime());
      if (s.saasSubscriptionStatus === "Subscribed" || s.saasSubscriptionStatus === "Suspended")
        expect(new Date(s.term.endDate).getTime()).toBeGreaterThan(Date.now() - 86_400_000);
      expect(Date.now() - new Date(s.created).getTime()).toBeLessThanOrEqual(730 * 86_400_000 + 60_000);
      if (s.planId === "auto") expect(s.saasSubscriptionStatus).not.toBe("PendingFulfillmentStart");
    }
    expect(new Set(subs.map((s) => s.beneficiary.tenantId)).size).toBeGreaterThanOrEqual(20);
    expect(new Set(subs.map((s) => s.term.termUnit))).toEqual(new Set(["P1M", "P1Y", "P3Y"]));
    const csp = subs.filter((s) => s.purchaser.tenantId !== s.beneficiary.tenantId);
    expect(csp.length).toBeGreaterThan(10);
    for (const s of csp) expect(s.allowedCustomerOperations).toEqual(["Read"]);
    expect(subs.some((s) => s.isTest)).toBe(true);
    // Private plans are only sold to their audience (Contoso): synthetic customers never get one.
    expect(subs.some((s) => s.planId === "private-contoso")).toBe(false);
    // The Subscriptions page shows the newest few hundred, not a table of thousands.
    const page = await (await fetch(`${h.sim.httpUrl}/subscriptions`)).text();
    expect(page).toContain("The newest 300 of 1000 subscriptions");
  });

  it("honours offer, plan and status; bulk subscriptions behave like bought ones", async () => {
    const res = await bulk({ count: 50, offerId: "fabrikam-cloud", planId: "pro-seats", status: "Subscribed" });
    expect(res.status).toBe(201);
    const subs = await listAll();
    expect(
      subs.every(
        (s) => s.offerId === "fabrikam-cloud" && s.planId === "pro-seats" && s.saasSubscriptionStatus === "Subscribed",
      ),
    ).toBe(true);
    const target = subs.find((s) => s.allowedCustomerOperations.includes("Update") && (s.quantity ?? 0) < 500);
    expect(target).toBeDefined();
    const patched = await h.api("PATCH", `/saas/subscriptions/${target!.id}`, {
      body: { quantity: (target!.quantity ?? 5) + 1 },
    });
    expect(patched.status).toBe(202);
    const other = subs.find((s) => s.id !== target!.id)!;
    expect((await h.control("POST", `/subscriptions/${other.id}/suspend`)).status).toBe(200);
    expect((await h.api("GET", `/saas/subscriptions/${other.id}`)).json().saasSubscriptionStatus).toBe("Suspended");
  });

  it("follows a status mix, buys as the given personas, and is reproducible with a seed", async () => {
    const body = {
      count: 400,
      offerId: "fabrikam-cloud",
      statusMix: { Subscribed: 1, Unsubscribed: 1 },
      personaIds: ["alice", "bob"],
      seed: 7,
    };
    const first = await bulk(body);
    expect(Object.keys(first.body.byStatus).sort()).toEqual(["Subscribed", "Unsubscribed"]);
    const subs = await listAll();
    expect(new Set(subs.map((s) => s.beneficiary.tenantId))).toEqual(new Set([CONTOSO, MSA]));
    expect(new Set(subs.map((s) => s.beneficiary.emailId))).toEqual(
      new Set(["alice@contoso.example", "bob@outlook.example"]),
    );
    // Alice's tenant is in the private plan's audience, Bob's is not.
    expect(subs.filter((s) => s.planId === "private-contoso").every((s) => s.beneficiary.tenantId === CONTOSO)).toBe(
      true,
    );
    await h.control("POST", "/reset");
    const second = await bulk(body);
    expect(second.body.ids).toEqual(first.body.ids);
  });

  it("refuses what it cannot do", async () => {
    expect((await bulk({ count: 200_001 })).status).toBe(400);
    expect((await bulk({ count: 0 })).status).toBe(400);
    expect((await bulk({ count: 5, planId: "basic" })).status).toBe(400);
    expect((await bulk({ count: 5, status: "Subscribed", statusMix: { Subscribed: 1 } })).status).toBe(400);
    expect((await bulk({ count: 5, statusMix: { Subscribed: 0 } })).status).toBe(400);
    expect((await bulk({ count: 5, offerId: "nope" })).status).toBe(404);
    expect((await bulk({ count: 5, offerId: "fabrikam-cloud", planId: "nope" })).status).toBe(404);
    expect((await bulk({ count: 5, personaIds: ["not-a-persona"] })).status).toBe(400);
    expect(
      (await bulk({ count: 5, offerId: "fabrikam-cloud", planId: "private-contoso", personaIds: ["bob"] })).status,
    ).toBe(400);
    expect((await h.control<{ total: number }>("POST", "/subscriptions/bulk", { count: 1 })).body.total).toBe(1);
  });
});

describe("at 100 000 subscriptions", () => {
  it("seeds in seconds; List pages and Get stay as fast at the end as at the start", { timeout: 120_000 }, async () => {
    const res = await bulk({ count: 100_000, seed: 1 });
    expect(res.status).toBe(201);
    expect(res.body.ids).toBeUndefined();
    expect(res.body.durationMs).toBeLessThan(20_000);

    const token = await h.token();
    const get = (url: string) => h.fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const times: number[] = [];
    let url: string | undefined = `${h.sim.httpsUrl}/api/saas/subscriptions?api-version=2018-08-31`;
    let seen = 0;
    let last: Sub | undefined;
    while (url) {
      const started = performance.now();
      const page = (await (await get(url)).json()) as Page;
      times.push(performance.now() - started);
      seen += page.subscriptions.length;
      last = page.subscriptions.at(-1);
      url = page["@nextLink"];
    }
    expect(times).toHaveLength(1_000);
    expect(seen).toBe(100_000);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    // No work proportional to the whole list per page: the last pages cost what the first ones do.
    expect(median(times.slice(-100))).toBeLessThan(median(times.slice(0, 100)) * 3 + 5);

    const started = performance.now();
    for (let i = 0; i < 50; i++)
      expect((await get(`${h.sim.httpsUrl}/api/saas/subscriptions/${last!.id}?api-version=2018-08-31`)).status).toBe(
        200,
      );
    expect((performance.now() - started) / 50).toBeLessThan(20);
  });
});
