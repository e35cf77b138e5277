// Metering API: single and batch usage events, the hour/24-hour rules, per-event statuses, GET usageEvents.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let metered: string;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
  metered = await h.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "metered" });
});

const hoursAgo = (hours: number, minute = 10): string => {
  const d = new Date(Date.now() - hours * 3_600_000);
  d.setUTCMinutes(minute, 0, 0);
  return d.toISOString();
};
const usage = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  resourceId: metered,
  quantity: 5.5,
  dimension: "api-calls",
  effectiveStartTime: hoursAgo(2),
  planId: "metered",
  ...over,
});
type Detail = { code: string; message: string; target: string };
type Item = {
  status: string;
  usageEventId?: string;
  messageTime: string;
  error?: { code: string; message: string; additionalInfo?: { acceptedMessage: { usageEventId: string } } };
};

describe("POST /usageEvent", () => {
  it("accepts one event per resource, dimension and hour, and answers 409 with the accepted message after that", async () => {
    const first = await h.api("POST", "/usageEvent", { body: usage({ effectiveStartTime: hoursAgo(2, 5) }) });
    expect(first.status).toBe(200);
    const accepted = first.json<{ usageEventId: string; status: string; quantity: number; messageTime: string }>();
    expect(accepted).toMatchObject({
      status: "Accepted",
      quantity: 5.5,
      resourceId: metered,
      dimension: "api-calls",
      planId: "metered",
    });
    expect(accepted.messageTime).toMatch(/\.\d{7}Z$/);
    const duplicate = await h.api("POST", "/usageEvent", {
      body: usage({ effectiveStartTime: hoursAgo(2, 55), quantity: 1 }),
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json()).toMatchObject({
      code: "Conflict",
      message: "This usage event already exist.",
      additionalInfo: { acceptedMessage: { usageEventId: accepted.usageEventId, status: "Duplicate", quantity: 5.5 } },
    });
    expect((await h.api("POST", "/usageEvent", { body: usage({ effectiveStartTime: hoursAgo(3) }) })).status).toBe(200);
    expect(
      (
        await h.api("POST", "/usageEvent", {
          body: usage({ dimension: "storage-gb", effectiveStartTime: hoursAgo(2, 5) }),
        })
      ).status,
    ).toBe(200);
  });

  it("reads zone-less times as UTC, as in Microsoft's examples", async () => {
    const zoneless = hoursAgo(1).replace(/\.000Z$/, "");
    const res = await h.api("POST", "/usageEvent", { body: usage({ effectiveStartTime: zoneless }) });
    expect(res.status).toBe(200);
    expect(res.json().effectiveStartTime).toBe(`${zoneless}.000Z`);
  });

  it.each([
    ["Expired", { effectiveStartTime: hoursAgo(25) }, "EffectiveStartTime"],
    ["BadArgument", { effectiveStartTime: hoursAgo(-2) }, "EffectiveStartTime"],
    ["InvalidDimension", { dimension: "gpu-hours" }, "Dimension"],
    ["InvalidQuantity", { quantity: 0 }, "Quantity"],
    ["InvalidQuantity", { quantity: -1 }, "Quantity"],
    ["ResourceNotFound", { resourceId: "00000000-0000-4000-8000-000000000000" }, "ResourceId"],
    ["BadArgument", { resourceId: undefined }, "ResourceId"],
    ["BadArgument", { resourceId: "not-a-guid" }, "ResourceId"],
    ["BadArgument", { planId: "basic" }, "PlanId"],
    ["BadArgument", { dimension: undefined }, "Dimension"],
    ["BadArgument", { effectiveStartTime: "yesterday" }, "EffectiveStartTime"],
  ])("answers 400 with a %s detail", async (code, over, target) => {
    const res = await h.api("POST", "/usageEvent", { body: usage(over) });
    expect(res.status).toBe(400);
    const body = res.json<{ code: string; message: string; target: string; details: Detail[] }>();
    expect(body).toMatchObject({
      code: "BadArgument",
      message: "One or more errors have occurred.",
      target: "usageEventRequest",
    });
    expect(body.details[0]).toMatchObject({ code, target });
  });

  it("refuses usage for subscriptions that are not active, but accepts usage from before a cancellation", async () => {
    const pending = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "metered" });
    const notActive = await h.api("POST", "/usageEvent", { body: usage({ resourceId: pending.subscriptionId }) });
    expect(notActive.json<{ details: Detail[] }>().details[0]?.code).toBe("ResourceNotActive");
    await h.control("POST", `/subscriptions/${metered}/suspend`);
    expect((await h.api("POST", "/usageEvent", { body: usage() })).json<{ details: Detail[] }>().details[0]?.code).toBe(
      "ResourceNotActive",
    );
    const other = await h.subscribed({ personaId: "ben", offerId: "fabrikam-cloud", planId: "metered" });
    await h.control("POST", `/subscriptions/${other}/cancel`);
    expect(
      (await h.api("POST", "/usageEvent", { body: usage({ resourceId: other, effectiveStartTime: hoursAgo(1) }) }))
        .status,
    ).toBe(200);
  });

  it("judges the 24-hour window on the Marketplace clock", async () => {
    const time = hoursAgo(10);
    await h.control("POST", "/clock", { advanceMs: 15 * 3_600_000 });
    const res = await h.api("POST", "/usageEvent", { body: usage({ effectiveStartTime: time }) });
    expect(res.json<{ details: Detail[] }>().details[0]?.code).toBe("Expired");
  });
});

describe("POST /batchUsageEvent", () => {
  it("answers 200 with a result per event, duplicates inside the batch included", async () => {
    const pending = await h.purchase({ personaId: "ben", offerId: "fabrikam-cloud", planId: "metered" });
    const request = [
      usage({ effectiveStartTime: hoursAgo(4) }),
      usage({ effectiveStartTime: hoursAgo(4, 40) }),
      usage({ effectiveStartTime: hoursAgo(30) }),
      usage({ dimension: "nope" }),
      usage({ quantity: 0 }),
      usage({ resourceId: "00000000-0000-4000-8000-000000000000" }),
      usage({ resourceId: pending.subscriptionId }),
      { quantity: 1 },
    ];
    const res = await h.api("POST", "/batchUsageEvent", { body: { request } });
    expect(res.status).toBe(200);
    const body = res.json<{ count: number; result: Item[] }>();
    expect(body.count).toBe(8);
    expect(body.result.map((r) => r.status)).toEqual([
      "Accepted",
      "Duplicate",
      "Expired",
      "InvalidDimension",
      "InvalidQuantity",
      "ResourceNotFound",
      "ResourceNotActive",
      "BadArgument",
    ]);
    const [ok, dup, expired] = body.result;
    expect(ok?.usageEventId).toBeDefined();
    expect(dup?.usageEventId).toBeUndefined();
    expect(dup?.messageTime).toBe("0001-01-01T00:00:00");
    expect(dup?.error).toMatchObject({
      code: "Conflict",
      additionalInfo: { acceptedMessage: { usageEventId: ok?.usageEventId } },
    });
    expect(expired?.error).toMatchObject({ code: "Expired" });
  });

  it("answers an injected item status for the next events without recording them", async () => {
    expect((await h.control("POST", "/faults/usage-items", { status: "Error", count: 2 })).status).toBe(201);
    const res = await h.api("POST", "/batchUsageEvent", {
      body: { request: [usage(), usage({ dimension: "storage-gb" }), usage({ effectiveStartTime: hoursAgo(3) })] },
    });
    const items = res.json<{ result: Item[] }>().result;
    expect(items.map((i) => i.status)).toEqual(["Error", "Error", "Accepted"]);
    expect(items[0]!.usageEventId).toBeUndefined();
    // Not recorded: the same hour is accepted once the fault is spent.
    const again = await h.api("POST", "/batchUsageEvent", { body: { request: [usage()] } });
    expect(again.json<{ result: Item[] }>().result[0]!.status).toBe("Accepted");
  });

  it("refuses more than 25 events and an empty batch with 400", async () => {
    const many = Array.from({ length: 26 }, (_, i) => usage({ effectiveStartTime: hoursAgo(i % 20) }));
    const tooMany = await h.api("POST", "/batchUsageEvent", { body: { request: many } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json().message).toBe("The batch contained more than 25 usage events.");
    expect((await h.api("POST", "/batchUsageEvent", { body: { request: [] } })).status).toBe(400);
    const exactly25 = Array.from({ length: 25 }, (_, i) => usage({ effectiveStartTime: hoursAgo(i % 23) }));
    expect(
      (await h.api("POST", "/batchUsageEvent", { body: { request: exactly25 } })).json<{ count: number }>().count,
    ).toBe(25);
  });
});

describe("GET /usageEvents", () => {
  type Row = {
    usageDate: string;
    usageResourceId: string;
    dimension: string;
    submittedQuantity: number;
    submittedCount: number;
    reconStatus: string;
    offerType: string;
    planName: string;
  };

  it("returns daily aggregates as a bare array, filtered", async () => {
    await h.control("POST", "/clock", { set: new Date(Date.UTC(2030, 0, 10, 12)).toISOString() });
    const at = (day: number, hour: number): string => new Date(Date.UTC(2030, 0, day, hour, 15)).toISOString();
    for (const [when, dimension, quantity] of [
      [at(9, 13), "api-calls", 2],
      [at(9, 14), "api-calls", 3],
      [at(10, 1), "api-calls", 4],
      [at(10, 2), "storage-gb", 7],
    ] as const) {
      expect(
        (await h.api("POST", "/usageEvent", { body: usage({ effectiveStartTime: when, dimension, quantity }) })).status,
      ).toBe(200);
    }
    const all = (await h.api("GET", "/usageEvents?usageStartDate=2030-01-09")).json<Row[]>();
    expect(Array.isArray(all)).toBe(true);
    const key = (r: Row): string =>
      `${r.usageDate} ${r.dimension} ${r.submittedQuantity}/${r.submittedCount} ${r.reconStatus}`;
    expect(all.map(key).sort()).toEqual([
      "2030-01-09T00:00:00Z api-calls 5/2 Accepted",
      "2030-01-10T00:00:00Z api-calls 4/1 Submitted",
      "2030-01-10T00:00:00Z storage-gb 7/1 Submitted",
    ]);
    expect(all[0]).toMatchObject({ usageResourceId: metered, offerType: "SaaS", planName: "Standard (metered)" });
    const storage = (await h.api("GET", "/usageEvents?usageStartDate=2030-01-01&dimension=storage-gb")).json<Row[]>();
    expect(storage).toHaveLength(1);
    const firstDay = (await h.api("GET", "/usageEvents?usageStartDate=2030-01-09T00:00&UsageEndDate=2030-01-09")).json<
      Row[]
    >();
    expect(firstDay.map(key)).toEqual(["2030-01-09T00:00:00Z api-calls 5/2 Accepted"]);
    expect(
      (await h.api("GET", "/usageEvents?usageStartDate=2030-01-01&reconStatus=Accepted")).json<Row[]>(),
    ).toHaveLength(1);
    expect(
      (await h.api("GET", "/usageEvents?usageStartDate=2030-01-01&offerId=fabrikam-analytics")).json<Row[]>(),
    ).toEqual([]);
  });

  it("requires a valid usageStartDate and reconStatus", async () => {
    expect((await h.api("GET", "/usageEvents")).status).toBe(400);
    expect((await h.api("GET", "/usageEvents?usageStartDate=soon")).status).toBe(400);
    expect((await h.api("GET", "/usageEvents?usageStartDate=2030-01-01&reconStatus=Maybe")).status).toBe(400);
  });
});
