import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/data/api-keys";
import { getDb } from "@/lib/db";
import { contractChecker } from "@/test/api-contract";
import { lifecycle } from "@/test/outbound-support";
import { apiV1Document } from "../document";
import { GET as listDeliveries } from "./[id]/deliveries/route";
import { POST as replay } from "./[id]/replay/route";
import { DELETE as remove, GET as getOne, PATCH as update } from "./[id]/route";
import { GET as list, POST as create } from "./route";

// The event-endpoint routes of the integration API, called as Next.js calls them, on a real database: every
// answer is checked against the OpenAPI document generated from the same schemas.

const PORTAL = "http://localhost:3000";
const contract = contractChecker(apiV1Document(PORTAL));
const owner = { id: randomUUID(), label: "owner@fabrikam.example" };
let manager = "";
let reader = "";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  "/api/v1/event-endpoints": { get: list, post: create },
  "/api/v1/event-endpoints/{id}": { get: getOne, patch: update, delete: remove },
  "/api/v1/event-endpoints/{id}/deliveries": { get: listDeliveries },
  "/api/v1/event-endpoints/{id}/replay": { post: replay },
};

type Call = { key?: string | null; id?: string; query?: string; body?: unknown; raw?: string; contentType?: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, template: string, init: Call = {}): Promise<{ status: number; body: any }> {
  const path = template.replace("{id}", init.id ?? "");
  const key = init.key === undefined ? manager : init.key;
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  if (body !== undefined) headers["content-type"] = init.contentType ?? "application/json";
  const request = new Request(`${PORTAL}${path}${init.query ? `?${init.query}` : ""}`, {
    method: method.toUpperCase(),
    headers,
    body,
  });
  const response = await ROUTES[template]![method]!(request, {
    params: Promise.resolve<Record<string, string>>(init.id ? { id: init.id } : {}),
  });
  return contract.check(template, method, response);
}

const URL_ = "http://127.0.0.1:9/events";
beforeAll(async () => {
  manager = (await createApiKey({ name: "events", scopes: ["events:manage"], expiresAt: null }, owner)).key;
  reader = (await createApiKey({ name: "reader", scopes: ["subscriptions:read"], expiresAt: null }, owner)).key;
});
afterAll(async () => {
  await getDb().eventEndpoint.updateMany({ data: { deletedAt: new Date() } });
});

describe("/api/v1/event-endpoints", () => {
  it("registers an endpoint (its secret in this answer only), lists, reads, changes and deletes it, audited as the key", async () => {
    const created = await call("post", "/api/v1/event-endpoints", {
      body: { name: "billing", url: URL_, eventTypes: ["subscription.activated", "subscription.activated"] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "billing",
      status: "active",
      eventTypes: ["subscription.activated"],
      pendingMessages: 0,
    });
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.id as string;
    const listed = await call("get", "/api/v1/event-endpoints");
    expect(listed.body.data.find((e: { id: string }) => e.id === id)).not.toHaveProperty("secret");
    expect((await call("get", "/api/v1/event-endpoints/{id}", { id })).body).toMatchObject({ id, name: "billing" });
    const paused = await call("patch", "/api/v1/event-endpoints/{id}", {
      id,
      body: { status: "paused", name: "billing 2" },
    });
    expect(paused).toMatchObject({ status: 200, body: { status: "paused", name: "billing 2" } });
    expect((await call("delete", "/api/v1/event-endpoints/{id}", { id })).status).toBe(204);
    expect((await call("get", "/api/v1/event-endpoints/{id}", { id })).status).toBe(404);
    const events = await getDb().event.findMany({
      where: { subjectType: "event_endpoint", subjectId: id },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ["event_endpoint.created", expect.stringMatching(/^api_key:mkp_/)],
      ["event_endpoint.updated", expect.stringMatching(/^api_key:mkp_/)],
      ["event_endpoint.deleted", expect.stringMatching(/^api_key:mkp_/)],
    ]);
    expect(JSON.stringify(events.map((e) => [e.before, e.after]))).not.toContain(created.body.secret.slice(6));
  });

  it("replays one event or a range, and pages through the delivery log", async () => {
    const { body } = await call("post", "/api/v1/event-endpoints", {
      body: { name: "log", url: URL_, eventTypes: ["subscription.created", "subscription.activated"] },
    });
    const id = body.id as string;
    const subscriptionId = await lifecycle();
    const [first] = await getDb().event.findMany({ where: { subscriptionId }, orderBy: { id: "asc" } });
    expect(
      await call("post", "/api/v1/event-endpoints/{id}/replay", { id, body: { eventId: `evt_${first!.id}` } }),
    ).toMatchObject({ status: 202, body: { queued: 1 } });
    const range = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 3_600_000).toISOString(),
    };
    expect(
      (await call("post", "/api/v1/event-endpoints/{id}/replay", { id, body: range })).body.queued,
    ).toBeGreaterThanOrEqual(2);
    const messages = await getDb().outboundMessage.findMany({ where: { endpointId: id }, orderBy: { id: "asc" } });
    await getDb().outboundAttempt.createMany({
      data: messages.map((m, i) => ({
        messageId: m.id,
        endpointId: id,
        eventId: m.eventId,
        attempt: 1,
        at: new Date(),
        httpStatus: 500 + i,
        latencyMs: 3,
      })),
    });
    const page1 = await call("get", "/api/v1/event-endpoints/{id}/deliveries", { id, query: "limit=2" });
    expect(page1.body.data).toHaveLength(2);
    const page2 = await call("get", "/api/v1/event-endpoints/{id}/deliveries", {
      id,
      query: `limit=200&cursor=${page1.body.nextCursor}`,
    });
    expect(page2.body.nextCursor).toBeNull();
    const statuses = [...page1.body.data, ...page2.body.data].map((a: { httpStatus: number }) => a.httpStatus);
    expect(statuses).toEqual(messages.map((_, i) => 500 + i).reverse());
  });

  it("refuses bad input, unknown fields, wrong keys and unknown ids with RFC 9457 problems", async () => {
    const id = randomUUID();
    const refusals: [string, string, Call, number, RegExp?][] = [
      ["get", "/api/v1/event-endpoints", { key: null }, 401],
      ["get", "/api/v1/event-endpoints", { key: reader }, 403],
      ["get", "/api/v1/event-endpoints", { query: "status=active" }, 400],
      ["post", "/api/v1/event-endpoints", { key: null, body: {} }, 401],
      ["post", "/api/v1/event-endpoints", { key: reader, body: {} }, 403],
      [
        "post",
        "/api/v1/event-endpoints",
        { body: { name: "x", url: "ftp://x.example/", eventTypes: ["subscription.activated"] } },
        400,
        /https/,
      ],
      [
        "post",
        "/api/v1/event-endpoints",
        { body: { name: "x", url: URL_, eventTypes: ["subscription.activated"], secret: "mine" } },
        400,
      ],
      [
        "post",
        "/api/v1/event-endpoints",
        { body: { name: "x", url: URL_, eventTypes: ["invoice.paid"] } },
        400,
        /Not an event type/,
      ],
      ["post", "/api/v1/event-endpoints", { raw: "x".repeat(70_000) }, 413],
      ["post", "/api/v1/event-endpoints", { raw: "name=x", contentType: "text/plain" }, 415],
      ["get", "/api/v1/event-endpoints/{id}", { id }, 404],
      ["get", "/api/v1/event-endpoints/{id}", { id, key: null }, 401],
      ["get", "/api/v1/event-endpoints/{id}", { id, key: reader }, 403],
      ["get", "/api/v1/event-endpoints/{id}", { id: "nope" }, 400],
      ["patch", "/api/v1/event-endpoints/{id}", { id, body: { status: "paused" } }, 404],
      ["patch", "/api/v1/event-endpoints/{id}", { id, body: {} }, 400, /at least one/],
      ["patch", "/api/v1/event-endpoints/{id}", { id, body: { status: "disabled" } }, 400],
      ["patch", "/api/v1/event-endpoints/{id}", { id, key: null, body: {} }, 401],
      ["patch", "/api/v1/event-endpoints/{id}", { id, key: reader, body: {} }, 403],
      ["patch", "/api/v1/event-endpoints/{id}", { id, raw: "x".repeat(70_000) }, 413],
      ["patch", "/api/v1/event-endpoints/{id}", { id, raw: "{}", contentType: "text/plain" }, 415],
      ["delete", "/api/v1/event-endpoints/{id}", { id }, 404],
      ["delete", "/api/v1/event-endpoints/{id}", { id, key: null }, 401],
      ["delete", "/api/v1/event-endpoints/{id}", { id, key: reader }, 403],
      ["delete", "/api/v1/event-endpoints/{id}", { id: "nope" }, 400],
      ["get", "/api/v1/event-endpoints/{id}/deliveries", { id }, 404],
      ["get", "/api/v1/event-endpoints/{id}/deliveries", { id, key: null }, 401],
      ["get", "/api/v1/event-endpoints/{id}/deliveries", { id, key: reader }, 403],
      ["get", "/api/v1/event-endpoints/{id}/deliveries", { id, query: "cursor=abc" }, 400, /Not a cursor/],
      ["post", "/api/v1/event-endpoints/{id}/replay", { id, body: { eventId: "1" } }, 404],
      ["post", "/api/v1/event-endpoints/{id}/replay", { id, key: null, body: {} }, 401],
      ["post", "/api/v1/event-endpoints/{id}/replay", { id, key: reader, body: {} }, 403],
      [
        "post",
        "/api/v1/event-endpoints/{id}/replay",
        { id, body: { from: "2026-01-02T00:00:00Z" } },
        400,
        /both from and to/,
      ],
      ["post", "/api/v1/event-endpoints/{id}/replay", { id, raw: "x".repeat(70_000) }, 413],
      ["post", "/api/v1/event-endpoints/{id}/replay", { id, raw: "{}", contentType: "text/plain" }, 415],
    ];
    for (const [method, template, init, status, detail] of refusals) {
      const answer = await call(method, template, init);
      expect(answer.status, `${method} ${template} ${JSON.stringify(init).slice(0, 80)}`).toBe(status);
      if (detail) expect(JSON.stringify(answer.body)).toMatch(detail);
    }
  });

  it("every documented answer but the 500s and the body timeouts was met and matched the document", () => {
    const ours = contract.documented().filter((c) => c.includes("/api/v1/event-endpoints"));
    const withBody = [
      "post /api/v1/event-endpoints",
      "patch /api/v1/event-endpoints/{id}",
      "post /api/v1/event-endpoints/{id}/replay",
    ];
    const operations = [...new Set(ours.map((c) => c.replace(/ \d+$/, "")))];
    expect(ours.filter((c) => !contract.checked().includes(c)).sort()).toEqual(
      [...operations.map((op) => `${op} 500`), ...withBody.map((op) => `${op} 408`)].sort(),
    );
  });
});
