import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { getDb } from "@/lib/db";
import {
  countAdminSubscriptions,
  findAdminSubscriptions,
  iterateAdminSubscriptions,
  listAdminSubscriptions,
  listFilterOptions,
  type AdminSubscriptionRow,
  type MatchCount,
} from "./admin-subscriptions";
import { parseListQuery } from "@/lib/admin-list/subscriptions";
import {
  SORT_KEYS,
  SUBSCRIPTION_STATUSES,
  type ListQuery,
  type SortDir,
  type SortKey,
} from "./admin-subscriptions-params";
import { upsertPlans } from "./plans";
import { syncSubscription } from "./subscription-store";
import { type SubscriptionState } from "@/lib/domain/subscription";

const microsoft = { actor: { type: "microsoft" as const }, action: "subscription.synced" };

async function add(overrides: Partial<SubscriptionState> = {}): Promise<string> {
  const input = subscriptionInput(overrides);
  await syncSubscription(input, microsoft);
  return input.id;
}

/** The list for URL parameters, as the page reads it. */
const query = (params: string) => parseListQuery(new URLSearchParams(params)).query;
const ids = async (params: string) => (await findAdminSubscriptions(query(params))).rows.map((r) => r.id).sort();
const party = (email: string | null, tenantId: string | null) => ({ email, objectId: randomUUID(), tenantId });

describe("search", () => {
  const t = randomUUID().slice(0, 8);
  let target: string;
  beforeAll(async () => {
    target = await add({
      name: `Search Target ${t}`,
      offerId: `offer-${t}`,
      beneficiary: party(`Bene.${t}@Customer.example`, `bene-tenant-${t}`),
      purchaser: party(`buyer.${t}@reseller.example`, `buyer-tenant-${t}`),
    });
    await add({ name: `Other ${t}`, offerId: `offer-${t}` });
  });

  it.each([
    ["the name, in any case", () => `target ${t}`.toUpperCase()],
    ["part of the subscription id", () => target.slice(9, 23)],
    ["the beneficiary's e-mail", () => `bene.${t}@customer.example`],
    ["the purchaser's e-mail", () => `buyer.${t}@reseller`],
    ["the beneficiary's tenant", () => `bene-tenant-${t}`],
    ["the purchaser's tenant", () => `buyer-tenant-${t}`],
  ])("finds a subscription by %s", async (_what, term) => {
    expect(await ids(`q=${encodeURIComponent(term())}`)).toEqual([target]);
  });

  it("needs every word to match, and takes % and _ literally", async () => {
    expect(await ids(`q=${encodeURIComponent(`target ${t}`)}`)).toEqual([target]);
    expect(await ids(`q=${encodeURIComponent(`target ${t} nowhere`)}`)).toEqual([]);
    expect(await ids(`offer=offer-${t}&q=%25`)).toEqual([]);
    expect(await ids(`offer=offer-${t}&q=_`)).toEqual([]);
  });
});

describe("filters", () => {
  const t = randomUUID().slice(0, 8);
  const offerA = `cloud-${t}`;
  const offerB = `analytics-${t}`;
  const made: Record<string, string> = {};
  beforeAll(async () => {
    const same = party("x@contoso.example", "tenant-1");
    made.basicA = await add({
      offerId: offerA,
      planId: "basic",
      status: "Subscribed",
      purchaser: same,
      beneficiary: same,
    });
    made.basicB = await add({
      offerId: offerB,
      planId: "basic",
      status: "Subscribed",
      purchaser: same,
      beneficiary: same,
    });
    made.pending = await add({
      offerId: offerA,
      planId: "pro",
      status: "PendingFulfillmentStart",
      purchaser: same,
      beneficiary: same,
    });
    made.test = await add({
      offerId: offerA,
      planId: "pro",
      status: "Subscribed",
      isTest: true,
      purchaser: same,
      beneficiary: same,
    });
    made.dryRun = await add({
      offerId: offerA,
      planId: "pro",
      status: "Subscribed",
      sessionMode: "DryRun",
      purchaser: same,
      beneficiary: same,
    });
    made.trial = await add({
      offerId: offerA,
      planId: "pro",
      status: "Subscribed",
      isFreeTrial: true,
      purchaser: same,
      beneficiary: same,
    });
    made.cspTenants = await add({
      offerId: offerA,
      planId: "pro",
      status: "Suspended",
      purchaser: party("p@northwind.example", "partner"),
      beneficiary: same,
    });
    made.cspSandbox = await add({
      offerId: offerA,
      planId: "pro",
      status: "Unsubscribed",
      sandboxType: "Csp",
      purchaser: same,
      beneficiary: same,
    });
    made.noTenants = await add({
      offerId: offerA,
      planId: "pro",
      status: "Subscribed",
      purchaser: party(null, null),
      beneficiary: party(null, null),
    });
    await getDb().subscription.update({ where: { id: made.basicA }, data: { activatedAt: new Date() } });
  });
  const only = (...keys: string[]) => keys.map((k) => made[k]!).sort();

  it("keeps plans of different offers apart, even with the same plan id", async () => {
    expect(await ids(`plan=${offerA}/basic`)).toEqual(only("basicA"));
    expect(await ids(`plan=${offerB}/basic`)).toEqual(only("basicB"));
    // A plan names its offer: a contradicting offer filter is overridden, never combined into "basic of any offer".
    const { query: q, notices } = parseListQuery(new URLSearchParams(`offer=${offerB}&plan=${offerA}/basic`));
    expect(q.offerId).toBeUndefined();
    expect(notices.join(" ")).toMatch(/belongs to the offer/);
    expect((await findAdminSubscriptions(q)).rows.map((r) => r.id)).toEqual([made.basicA]);
  });

  it("filters by offer and by status", async () => {
    expect(await ids(`offer=${offerB}`)).toEqual(only("basicB"));
    expect(await ids(`offer=${offerA}&status=Suspended`)).toEqual(only("cspTenants"));
  });

  it("tells test purchases (isTest or a DryRun session), free trials and CSP purchases apart", async () => {
    expect(await ids(`offer=${offerA}&test=yes`)).toEqual(only("test", "dryRun"));
    expect(await ids(`offer=${offerA}&test=no`)).not.toContain(made.test);
    expect(await ids(`offer=${offerA}&trial=yes`)).toEqual(only("trial"));
    expect(await ids(`offer=${offerA}&csp=yes`)).toEqual(only("cspTenants", "cspSandbox"));
    // Unknown tenants are not evidence of a partner purchase.
    expect(await ids(`offer=${offerA}&csp=no`)).toEqual(
      only("basicA", "pending", "test", "dryRun", "trial", "noTenants"),
    );
  });

  it("filters pending and activated purchases", async () => {
    expect(await ids(`offer=${offerA}&activation=pending`)).toEqual(only("pending"));
    expect(await ids(`offer=${offerA}&activation=activated`)).toEqual(only("basicA"));
  });

  it("lists the offers and their plans for the filter, grouped by offer", async () => {
    await upsertPlans([
      {
        offerId: offerB,
        planId: "team",
        displayName: "Team",
        description: null,
        isPrivate: false,
        isPricePerSeat: true,
        hasFreeTrials: false,
        isStopSell: false,
        minQuantity: 1,
        maxQuantity: 10,
        market: "US",
        prices: [],
        meteringDimensions: [],
      },
    ]);
    const options = await listFilterOptions();
    expect(options.find((o) => o.offerId === offerA)?.plans.map((p) => p.planId)).toEqual(["basic", "pro"]);
    expect(options.find((o) => o.offerId === offerB)?.plans).toEqual([
      { planId: "basic", displayName: null },
      { planId: "team", displayName: "Team" },
    ]);
  });

  it("counts up to a cap", async () => {
    expect(await countAdminSubscriptions(query(`offer=${offerA}`))).toEqual({ count: 8, capped: false });
    expect(await countAdminSubscriptions(query(`offer=${offerA}`), 5)).toEqual({ count: 5, capped: true });
  });
});

describe("sort and cursor paging", () => {
  const offerId = `paging-${randomUUID().slice(0, 8)}`;
  let all: AdminSubscriptionRow[] = [];
  beforeAll(async () => {
    // Few distinct values, so that most rows tie on the sort column; some dates and seats unknown.
    const days = [new Date("2026-01-01T00:00:00Z"), new Date("2026-02-01T00:00:00Z"), null];
    for (let i = 0; i < 23; i++) {
      await add({
        offerId,
        name: ["alpha", "beta", "gamma"][i % 3],
        status: SUBSCRIPTION_STATUSES[i % 4],
        quantity: i % 5 === 0 ? null : (i % 3) * 10,
        purchasedAt: days[i % 3] ?? null,
      });
    }
    // Ties on the first-seen time too.
    await getDb()
      .$executeRaw`UPDATE "Subscription" SET "createdAt" = TIMESTAMP '2026-03-01 00:00:00' + (ascii(id) % 2) * interval '1 day' WHERE "offerId" = ${offerId}`;
    all = (await listAdminSubscriptions({ ...query(`offer=${offerId}`), size: 100 })).rows;
    expect(all).toHaveLength(23);
  });

  const value = (r: AdminSubscriptionRow, sort: SortKey) =>
    ({
      purchased: r.purchasedAt?.getTime(),
      created: r.createdAt.getTime(),
      name: r.name,
      status: SUBSCRIPTION_STATUSES.indexOf(r.status),
      seats: r.quantity,
    })[sort] ?? null;
  /** The order the list promises: by the column, unknown values last, then by id (against the column for dates). */
  function expected(sort: SortKey, dir: SortDir): string[] {
    const sign = dir === "asc" ? 1 : -1;
    const idSign = sort === "purchased" || sort === "created" ? -sign : sign;
    return [...all]
      .sort((a, b) => {
        const [x, y] = [value(a, sort), value(b, sort)];
        if (x === null || y === null) return x === y ? idSign * (a.id < b.id ? -1 : 1) : x === null ? 1 : -1;
        if (x !== y) return sign * (x < y ? -1 : 1);
        return idSign * (a.id < b.id ? -1 : 1);
      })
      .map((r) => r.id);
  }

  async function pageThrough(q: ListQuery, matches?: MatchCount) {
    const forward: string[][] = [];
    let page = await listAdminSubscriptions(q, undefined, matches);
    forward.push(page.rows.map((r) => r.id));
    while (page.next) {
      page = await listAdminSubscriptions({ ...q, after: page.next }, undefined, matches);
      forward.push(page.rows.map((r) => r.id));
    }
    const backward: string[][] = [forward[forward.length - 1]!];
    while (page.prev) {
      page = await listAdminSubscriptions({ ...q, before: page.prev }, undefined, matches);
      backward.unshift(page.rows.map((r) => r.id));
    }
    return { forward, backward };
  }

  for (const sort of SORT_KEYS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`returns every row exactly once, in order, sorted by ${sort} ${dir}, forwards and backwards`, async () => {
        const q = query(`offer=${offerId}&sort=${sort}&dir=${dir}&size=10`);
        q.size = 4;
        const want = expected(sort, dir);
        for (const matches of [undefined, { count: 23, capped: false }]) {
          const { forward, backward } = await pageThrough(q, matches);
          expect(forward.flat()).toEqual(want);
          expect(forward.every((p) => p.length === 4 || p === forward[forward.length - 1])).toBe(true);
          // Going back from the last page gives the first page again, complete (pages may be cut differently).
          expect(backward.flat()).toEqual(want);
        }
      });
    }
  }

  it("streams the filtered set in the list's order, in pages of the size asked", async () => {
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const rows of iterateAdminSubscriptions(query(`offer=${offerId}&sort=name`), 5)) {
      pages.push(rows.length);
      seen.push(...rows.map((r) => r.id));
    }
    expect(pages).toEqual([5, 5, 5, 5, 3]);
    expect(seen).toEqual(expected("name", "asc"));
  });
});
