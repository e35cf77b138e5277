import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MarketplaceClient } from "./client";
import { captureLog, rejection } from "@/test/marketplace-support";
import type { TokenProvider } from "./token";

// Quirks the simulator does not produce (documented samples with string numbers and padded enums, the
// emulator's bare-array operation list, broken answers), served by a tiny local server over real HTTP.
// Only Microsoft's side is replaced; the client, its parsing and its HTTP are the real ones.

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };
type Answer = { status?: number; body?: string; headers?: Record<string, string> };

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let answers: Answer[] = [];
const tokens: TokenProvider = {
  getToken: async () => ({ token: "test-access-token", expiresOn: undefined, fromCache: false }),
};
const client = () =>
  new MarketplaceClient({
    baseUrl,
    tokens,
    logger: captureLog().logger,
    policy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const answer = answers.shift() ?? { status: 500, body: "" };
      res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
beforeEach(() => {
  seen = [];
  answers = [];
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const SUB = "37f9dea2-4345-438f-b0bd-03d40d28c7e0";
const OP = "529f53e4-0000-4000-8000-0000000000a1";

describe("what every request carries", () => {
  it("sends the purchase token exactly as given, with request id, correlation id, api-version and bearer token", async () => {
    answers.push({ body: JSON.stringify({ id: SUB, planId: "silver" }) });
    const token = "ab+cd/ef%2Bgh==";
    await client().resolve(token, { correlationId: "c0c0c0c0-0000-4000-8000-000000000001" });
    const [req] = seen;
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/api/saas/subscriptions/resolve?api-version=2018-08-31");
    expect(req?.headers["x-ms-marketplace-token"]).toBe(token);
    expect(req?.headers.authorization).toBe("Bearer test-access-token");
    expect(req?.headers["x-ms-correlationid"]).toBe("c0c0c0c0-0000-4000-8000-000000000001");
    expect(req?.headers["x-ms-requestid"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("uses a new request id per attempt and a new correlation id per call", async () => {
    answers.push(
      { status: 503 },
      { body: JSON.stringify({ id: SUB, offerId: "o", planId: "p", saasSubscriptionStatus: "Subscribed" }) },
    );
    answers.push({
      body: JSON.stringify({ id: SUB, offerId: "o", planId: "p", saasSubscriptionStatus: "Subscribed" }),
    });
    const c = client();
    await c.getSubscription(SUB);
    await c.getSubscription(SUB);
    const [a, b, d] = seen;
    expect(a?.headers["x-ms-requestid"]).not.toBe(b?.headers["x-ms-requestid"]);
    expect(a?.headers["x-ms-correlationid"]).toBe(b?.headers["x-ms-correlationid"]);
    expect(d?.headers["x-ms-correlationid"]).not.toBe(a?.headers["x-ms-correlationid"]);
  });

  it("activates with the plan, and the quantity only when given; sends the planId filter", async () => {
    answers.push({ body: "" }, { body: "" }, { body: JSON.stringify({ plans: [] }) });
    const c = client();
    await c.activate(SUB, { planId: "gold" });
    await c.activate(SUB, { planId: "gold", quantity: 3 });
    await c.listAvailablePlans(SUB, { planId: "gold" });
    expect(seen.map((s) => s.body)).toEqual(['{"planId":"gold"}', '{"planId":"gold","quantity":3}', ""]);
    expect(seen[2]?.url).toBe(`/api/saas/subscriptions/${SUB}/listAvailablePlans?api-version=2018-08-31&planId=gold`);
  });
});

describe("what Microsoft really sends", () => {
  it("reads string numbers, padded values, unknown enum values and fields, and ignores lastModified", async () => {
    answers.push({
      body: `{"id":"${SUB}  ","name":"Contoso","offerId":" offer1","planId":"silver ","quantity":"20","saasSubscriptionStatus":" Subscribed ",
        "sessionMode":"Rehearsal","isFreeTrial":"false","term":{"startDate":"2019-05-31T00:00:00","termUnit":" P1M "},
        "allowedCustomerOperations":["Read","Update","Transfer"],"lastModified":"0001-01-01T00:00:00","brandNew":{"x":1}}`,
    });
    const sub = await client().getSubscription(SUB);
    expect(sub).toMatchObject({
      id: SUB,
      offerId: "offer1",
      planId: "silver",
      quantity: 20,
      saasSubscriptionStatus: "Subscribed",
      sessionMode: "Rehearsal",
      isFreeTrial: false,
    });
    expect(sub.term?.termUnit).toBe("P1M");
    expect(sub.term?.startDate?.toISOString()).toBe("2019-05-31T00:00:00.000Z");
    expect(sub.allowedCustomerOperations).toEqual(["Read", "Update", "Transfer"]);
    expect(Object.keys(sub)).not.toContain("lastModified");
  });

  it.each([['""'], ["null"]])("reads quantity %s as absent", async (quantity) => {
    answers.push({
      body: `{"id":"${SUB}","offerId":"o","planId":"p","saasSubscriptionStatus":"Subscribed","quantity":${quantity}}`,
    });
    expect((await client().getSubscription(SUB)).quantity).toBeUndefined();
  });

  it("reads the operations list as a bare array, as a wrapper, and as an empty body", async () => {
    const op = { id: OP, subscriptionId: SUB, action: "ChangePlan", status: "InProgress", planId: "gold" };
    answers.push(
      { body: JSON.stringify([op]) },
      { body: JSON.stringify({ operations: [op] }) },
      { body: "" },
      { body: "{}" },
    );
    const c = client();
    expect((await c.listOperations(SUB)).map((o) => o.id)).toEqual([OP]);
    expect((await c.listOperations(SUB)).map((o) => o.id)).toEqual([OP]);
    expect(await c.listOperations(SUB)).toEqual([]);
    expect(await c.listOperations(SUB)).toEqual([]);
  });

  it("takes the operation id from Operation-Location, and survives its absence", async () => {
    answers.push({
      status: 202,
      headers: {
        "operation-location": `https://marketplaceapi.microsoft.com/api/saas/subscriptions/${SUB}/operations/${OP}?api-version=2018-08-31`,
      },
    });
    answers.push({ status: 202 });
    const c = client();
    expect(await c.changePlan(SUB, "gold")).toMatchObject({ subscriptionId: SUB, operationId: OP });
    expect(await c.deleteSubscription(SUB)).toMatchObject({
      subscriptionId: SUB,
      operationId: undefined,
      operationLocation: undefined,
    });
    expect(seen.map((s) => [s.method, s.body])).toEqual([
      ["PATCH", '{"planId":"gold"}'],
      ["DELETE", ""],
    ]);
  });

  it("accepts an empty body from List Available Plans and Get Usage Events", async () => {
    answers.push({ body: "" }, { body: "" });
    const c = client();
    expect(await c.listAvailablePlans(SUB)).toEqual([]);
    expect(await c.getUsageEvents({ usageStartDate: "2026-01-01" })).toEqual([]);
    expect(seen[1]?.url).toBe("/api/usageEvents?api-version=2018-08-31&usageStartDate=2026-01-01");
  });
});

describe("answers the portal cannot use", () => {
  it("reports a subscription without an id as invalid-response, naming the field", async () => {
    answers.push({ body: JSON.stringify({ subscriptionName: "x", planId: "p" }) });
    const error = await rejection(client().resolve("token"));
    expect(error).toMatchObject({ kind: "invalid-response", status: 200, attempts: 1 });
    expect(error.message).toContain("id: missing or not usable");
  });

  it("reports a body that is not JSON, and an empty one where a subscription is due, as invalid-response", async () => {
    answers.push({ body: "<html>gateway</html>" }, { body: "" });
    const c = client();
    expect(await rejection(c.getSubscription(SUB))).toMatchObject({ kind: "invalid-response" });
    expect(await rejection(c.getSubscription(SUB))).toMatchObject({ kind: "invalid-response" });
  });

  it("does not send the token to a @nextLink on another host, nor loop on a repeated one", async () => {
    const page = (next: string) => JSON.stringify({ subscriptions: [], "@nextLink": next });
    answers.push({ body: page("https://evil.example/api/saas/subscriptions?continuationToken=1") });
    const error = await rejection(
      (async () => {
        for await (const p of client().listSubscriptionPages()) void p;
      })(),
    );
    expect(error).toMatchObject({ kind: "invalid-response" });
    expect(seen).toHaveLength(1);

    seen = [];
    const again = `${baseUrl}/saas/subscriptions/?continuationToken=abc&api-version=2018-08-31`;
    answers.push({ body: page(again) }, { body: page(again) });
    await expect(
      (async () => {
        for await (const p of client().listSubscriptionPages()) void p;
      })(),
    ).rejects.toMatchObject({ kind: "invalid-response" });
    expect(seen.map((s) => s.url)).toEqual([
      "/api/saas/subscriptions/?api-version=2018-08-31",
      "/api/saas/subscriptions/?continuationToken=abc&api-version=2018-08-31",
    ]);
  });

  it("does not follow a redirect (it would carry the bearer token elsewhere)", async () => {
    answers.push({ status: 302, headers: { location: "https://evil.example/steal" } });
    const error = await rejection(client().getSubscription(SUB));
    expect(error).toMatchObject({ kind: "invalid-response", status: 302, attempts: 1 });
    expect(seen).toHaveLength(1);
  });
});
