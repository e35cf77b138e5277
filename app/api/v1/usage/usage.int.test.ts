import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createApiKey } from "@/lib/data/api-keys";
import { upsertPlans } from "@/lib/data/plans";
import { syncSubscription } from "@/lib/data/subscription-store";
import type { ApiScope } from "@/lib/domain/api-keys";
import type { SubscriptionState } from "@/lib/domain/subscription";
import { contractChecker } from "@/test/api-contract";
import { meteredPlanInput } from "@/test/fixtures/metering";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { apiV1Document } from "../document";
import { POST } from "./route";

// POST /api/v1/usage as Next.js calls it, on a real database: every answer is checked against the OpenAPI
// document, and what was stored is read back.

const PORTAL = "http://localhost:3000";
const PATH = "/api/v1/usage";
const contract = contractChecker(apiV1Document(PORTAL));
const owner = { id: randomUUID(), label: "owner@fabrikam.example" };
let writer: string;
let reader: string;
const subs: Record<"active" | "pending" | "cancelled" | "basic", string> = {} as never;

type Answer = { status: number; body: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function post(body: unknown, init: { key?: string | null; idempotencyKey?: string } = {}): Promise<Answer> {
  const key = init.key === undefined ? writer : init.key;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers.authorization = `Bearer ${key}`;
  if (init.idempotencyKey) headers["idempotency-key"] = init.idempotencyKey;
  const response = await POST(
    new Request(`${PORTAL}${PATH}`, { method: "POST", headers, body: JSON.stringify(body) }),
    {
      params: Promise.resolve({}),
    },
  );
  const { status, body: answer } = await contract.check(PATH, "post", response);
  return { status, body: answer as Answer["body"] };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const record = (overrides: Record<string, unknown> = {}) => ({
  subscriptionId: subs.active,
  dimension: "api-calls",
  quantity: 10,
  occurredAt: minutesAgo(30),
  ...overrides,
});
const storedFor = (subscriptionId: string) =>
  getDb().usageRecord.findMany({ where: { subscriptionId }, orderBy: { id: "asc" } });

async function subscription(overrides: Partial<SubscriptionState>): Promise<string> {
  const input = subscriptionInput({ offerId: "fabrikam-cloud", planId: "metered", quantity: null, ...overrides });
  await syncSubscription(input, { actor: { type: "microsoft" }, action: "subscription.synced" });
  return input.id;
}

beforeAll(async () => {
  const mint = async (scopes: ApiScope[]) =>
    (await createApiKey({ name: "usage", scopes, expiresAt: null }, owner)).key;
  writer = await mint(["usage:write"]);
  reader = await mint(["subscriptions:read"]);
  await upsertPlans([meteredPlanInput(), meteredPlanInput({ planId: "basic", prices: [], meteringDimensions: [] })]);
  subs.active = await subscription({ status: "Subscribed" });
  subs.pending = await subscription({ status: "PendingFulfillmentStart" });
  subs.basic = await subscription({ status: "Subscribed", planId: "basic" });
  subs.cancelled = await subscription({ status: "Subscribed" });
  const cancelled = subscriptionInput({
    id: subs.cancelled,
    offerId: "fabrikam-cloud",
    planId: "metered",
    quantity: null,
  });
  await syncSubscription(
    { ...cancelled, status: "Unsubscribed" },
    { actor: { type: "microsoft" }, action: "webhook.Unsubscribe" },
  );
  // Cancelled an hour ago: usage from before then is still billable, usage after it is not.
  await getDb()
    .$executeRaw`UPDATE "Event" SET at = ${new Date(Date.now() - 3600_000)} WHERE "subscriptionId" = ${subs.cancelled} AND type = 'subscription.unsubscribed'`;
});

describe("POST /api/v1/usage", () => {
  it("stores a single record: 200, accepted", async () => {
    const occurredAt = minutesAgo(5);
    const { status, body } = await post(record({ quantity: 2.5, occurredAt }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 1, duplicates: 0, refused: 0, dryRun: false });
    expect(body.results).toEqual([{ index: 0, id: null, status: "accepted" }]);
    const rows = await storedFor(subs.active);
    expect(rows.at(-1)).toMatchObject({
      dimension: "api-calls",
      quantity: 2.5,
      occurredAt: new Date(occurredAt),
      usageHourId: null,
    });
  });

  it("answers 207 with each refused record's own reason, and stores the others", async () => {
    const before = (await storedFor(subs.active)).length;
    const records = [
      record({ id: `ok-${randomUUID()}` }),
      record({ subscriptionId: randomUUID() }),
      record({ dimension: "gpu-hours" }),
      record({ quantity: 0 }),
      record({ quantity: -3 }),
      record({ occurredAt: new Date(Date.now() + 3600_000).toISOString() }),
      record({ occurredAt: minutesAgo(49 * 60) }),
      record({ subscriptionId: subs.pending }),
      record({ subscriptionId: subs.cancelled, occurredAt: minutesAgo(30) }),
      record({ subscriptionId: subs.cancelled, occurredAt: minutesAgo(90) }),
      record({ subscriptionId: subs.basic }),
      record({ subscriptionId: subs.active.toUpperCase(), dimension: "storage-gb" }),
    ];
    const { status, body } = await post({ records });
    expect(status).toBe(207);
    expect(body.results.map((r: { status: string; reason?: { code: string } }) => r.reason?.code ?? r.status)).toEqual([
      "accepted",
      "unknown-subscription",
      "unknown-dimension",
      "invalid-quantity",
      "invalid-quantity",
      "in-the-future",
      "too-old",
      "subscription-not-active",
      "after-cancellation",
      "accepted",
      "unknown-dimension",
      "accepted",
    ]);
    expect(body).toMatchObject({ accepted: 3, duplicates: 0, refused: 9 });
    expect(body.results[2].reason.detail).toContain("api-calls, storage-gb");
    expect((await storedFor(subs.active)).length).toBe(before + 2);
    expect(await storedFor(subs.cancelled)).toHaveLength(1);
  });

  it("counts a record posted again with its id once: duplicate, in a later request or the same one", async () => {
    const id = `rec-${randomUUID()}`;
    expect((await post(record({ id }))).body.results[0].status).toBe("accepted");
    const again = await post({ records: [record({ id }), record({ id: `${id}-b` }), record({ id: `${id}-b` })] });
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(["duplicate", "accepted", "duplicate"]);
    expect(await getDb().usageRecord.count({ where: { recordId: { in: [id, `${id}-b`] } } })).toBe(2);
  });

  it("replays the first answer for a retried Idempotency-Key and stores nothing again; another body with it is 422", async () => {
    const key = randomUUID();
    const body = { records: [record({ quantity: 7 }), record({ quantity: 0 })] };
    const first = await post(body, { idempotencyKey: key });
    expect(first.status).toBe(207);
    const rows = (await storedFor(subs.active)).length;
    const events = await getDb().event.count({ where: { type: "usage.ingested" } });
    const retry = await post(body, { idempotencyKey: key });
    expect(retry).toEqual(first);
    expect((await storedFor(subs.active)).length).toBe(rows);
    expect(await getDb().event.count({ where: { type: "usage.ingested" } })).toBe(events);

    const other = await post({ records: [record({ quantity: 8 })] }, { idempotencyKey: key });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe(`${PORTAL}/docs/problems/idempotency-key-reused`);
    expect((await storedFor(subs.active)).length).toBe(rows);
    // The same key from another API key is another request.
    const otherWriter = (await createApiKey({ name: "second", scopes: ["usage:write"], expiresAt: null }, owner)).key;
    expect((await post(body, { key: otherWriter, idempotencyKey: key })).status).toBe(207);
  });

  it("two requests with the same Idempotency-Key at once store the records once", async () => {
    const key = randomUUID();
    const body = { records: [record({ quantity: 3 })] };
    const rows = (await storedFor(subs.active)).length;
    const answers = await Promise.all([post(body, { idempotencyKey: key }), post(body, { idempotencyKey: key })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((await storedFor(subs.active)).length).toBe(rows + 1);
  });

  it("refuses a malformed request whole (400), and callers without a key or the scope (401, 403)", async () => {
    const missing = await post({
      records: [record(), { subscriptionId: subs.active, quantity: 1, occurredAt: minutesAgo(1) }],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: "body" })]));
    expect((await post({ records: Array.from({ length: 1001 }, () => record()) })).status).toBe(400);
    expect((await post({ records: [] })).status).toBe(400);
    expect((await post(record({ extra: 1 }))).status).toBe(400);
    expect((await post(record(), { idempotencyKey: "with space" })).status).toBe(400);
    expect((await post(record(), { key: null })).status).toBe(401);
    expect((await post(record(), { key: reader })).status).toBe(403);
  });
});

it("every documented answer of POST /api/v1/usage but the 500 and the body-reading refusals was met and matched", () => {
  const mine = contract.documented().filter((c) => c.startsWith(`post ${PATH} `));
  expect(mine.filter((c) => !contract.checked().includes(c))).toEqual([
    `post ${PATH} 408`,
    `post ${PATH} 413`,
    `post ${PATH} 415`,
    `post ${PATH} 500`,
  ]);
});
