import { expect, test, type APIResponse } from "@playwright/test";
import { insertKey } from "./support/api-keys";
import { PORTAL_URL, RECEIVER_URL } from "./test-env";

// /api/v1/event-endpoints through the real server (`npm start` → `next start`): refusals are RFC 9457
// problems, a registration answers its secret once, and the endpoint can be read and deleted.

const ENDPOINTS = "/api/v1/event-endpoints";
const typeUri = (name: string) => `${PORTAL_URL}/docs/problems/${name}`;

async function expectProblem(response: APIResponse, status: number, type: string) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toBe("application/problem+json");
  expect(await response.json()).toMatchObject({ type: typeUri(type), status, detail: expect.any(String) });
}

test("event endpoints over the API: 401 without a key, 403 without events:manage, 400 for unknown fields, then register, read, delete", async ({
  request,
}) => {
  const body = { name: "API-registered", url: `${RECEIVER_URL}/events`, eventTypes: ["subscription.suspended"] };
  const as = (key?: string): { headers: Record<string, string> } => ({
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  await expectProblem(await request.post(ENDPOINTS, { ...as(), data: body }), 401, "unauthenticated");
  const reader = await insertKey(["subscriptions:read"]);
  await expectProblem(await request.get(ENDPOINTS, as(reader)), 403, "insufficient-scope");

  const manager = await insertKey(["events:manage"]);
  await expectProblem(
    await request.post(ENDPOINTS, { ...as(manager), data: { ...body, colour: "blue" } }),
    400,
    "validation-failed",
  );
  const created = await request.post(ENDPOINTS, { ...as(manager), data: body });
  expect(created.status()).toBe(201);
  const endpoint = (await created.json()) as { id: string; secret: string; status: string };
  expect(endpoint).toMatchObject({ name: body.name, url: body.url, status: "active" });
  expect(endpoint.secret).toMatch(/^whsec_/);

  const read = await request.get(`${ENDPOINTS}/${endpoint.id}`, as(manager));
  expect(read.status()).toBe(200);
  expect(await read.json()).not.toHaveProperty("secret"); // shown once, at registration
  expect((await request.delete(`${ENDPOINTS}/${endpoint.id}`, as(manager))).status()).toBe(204);
  await expectProblem(await request.get(`${ENDPOINTS}/${endpoint.id}`, as(manager)), 404, "not-found");
});
