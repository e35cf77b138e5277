import { randomUUID } from "node:crypto";
import { expect, test, type APIResponse } from "@playwright/test";
import { query } from "./support/portal-db";
import { signedInPage } from "./support/sign-in";
import { PORTAL_URL } from "./test-env";

/**
 * The JSON routes on the real server (`npm start`): refusals are RFC 9457 problems
 * (application/problem+json, a stable type, the request id of the log line), successful answers are the
 * JSON the admin pages have always read, and unknown input is refused rather than ignored.
 */

const typeUri = (name: string) => `${PORTAL_URL}/docs/problems/${name}`;

async function expectProblem(response: APIResponse, status: number, type: string) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toBe("application/problem+json");
  expect(response.headers()["cache-control"]).toBe("no-store");
  const body = await response.json();
  expect(body).toMatchObject({ type: typeUri(type), status, title: expect.any(String), detail: expect.any(String) });
  // The id support needs to find the log line: the same as the response's own x-request-id.
  expect(body.requestId).toBe(response.headers()["x-request-id"]);
  return body as { detail: string; errors?: unknown[] };
}

test("signed out: 401 problems, naming no data", async ({ request }) => {
  for (const path of ["/api/admin/reconciliation", `/api/admin/operations/${randomUUID()}`]) {
    const body = await expectProblem(await request.get(path), 401, "unauthenticated");
    expect(body.detail).toBe("Sign in to the portal first.");
  }
  const traced = await request.get("/api/admin/reconciliation", { headers: { "x-request-id": "support-case-4711" } });
  expect((await traced.json()).requestId).toBe("support-case-4711");
});

test("a problem's type URI leads to its documentation; an unknown type is not found", async ({ request, page }) => {
  const { type } = await (await request.get("/api/admin/reconciliation")).json();
  await page.goto(type);
  await expect(page.getByRole("heading", { level: 1, name: "Authentication required" })).toBeVisible();
  await expect(page.getByText("401", { exact: true })).toBeVisible();
  expect((await request.get("/docs/problems/no-such-problem")).status()).toBe(404);
});

test("a buyer without a staff role: 403 problems, whatever the input", async ({ browser }) => {
  const buyer = await signedInPage(browser, "Alice Anders", "/admin");
  await expectProblem(await buyer.request.get(`${PORTAL_URL}/api/admin/reconciliation?unknown=1`), 403, "forbidden");
  const body = await expectProblem(
    await buyer.request.get(`${PORTAL_URL}/api/admin/operations/anything`),
    403,
    "forbidden",
  );
  expect(body.detail).toMatch(/viewer role/);
});

test("a viewer: the same JSON as always, 404 for an unknown operation, 400 for unknown input", async ({ browser }) => {
  const viewer = await signedInPage(browser, "Victor Vance", "/admin");
  const subscriptionId = randomUUID();
  const operationId = randomUUID();
  const runId = randomUUID();
  const requestedAt = new Date(Date.now() - 60_000);
  const completedAt = new Date(Date.now() - 30_000);
  // A finished operation (the route does not ask Microsoft about those) and a finished run, straight into the database.
  await query(
    `INSERT INTO "Subscription" (id, name, "offerId", "planId", status, "updatedAt") VALUES ($1, 'JSON route check', 'fabrikam-cloud', 'pro-seats', 'Subscribed', now())`,
    [subscriptionId],
  );
  await query(
    `INSERT INTO "Operation" (id, "subscriptionId", action, "targetPlanId", status, "requestedAt", "lastCheckedAt", "completedAt", "errorMessage") VALUES ($1, $2, 'ChangePlan', 'enterprise', 'Failed', $3, $4, $4, 'Microsoft refused the plan change.')`,
    [operationId, subscriptionId, requestedAt, completedAt],
  );
  await query(
    `INSERT INTO "ReconciliationRun" (id, "startedAt", "finishedAt", status, trigger, "heartbeatAt", pages, checked, created, repaired) VALUES ($1, now() + interval '1 minute', $2, 'Succeeded', 'schedule', $2, 2, 150, 1, 3)`,
    [runId, completedAt],
  );
  try {
    const operation = await viewer.request.get(`${PORTAL_URL}/api/admin/operations/${operationId}`);
    expect(operation.status()).toBe(200);
    expect(operation.headers()["content-type"]).toBe("application/json");
    expect(operation.headers()["cache-control"]).toBe("no-store");
    expect(await operation.json()).toEqual({
      id: operationId,
      status: "Failed",
      action: "ChangePlan",
      targetPlanId: "enterprise",
      targetQuantity: null,
      requestedAt: requestedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      errorMessage: "Microsoft refused the plan change.",
      done: true,
    });

    const run = await viewer.request.get(`${PORTAL_URL}/api/admin/reconciliation`);
    expect(run.status()).toBe(200);
    expect(run.headers()["cache-control"]).toBe("no-store");
    const { run: view } = await run.json();
    expect(view).toEqual({
      id: runId,
      status: "Succeeded",
      trigger: "Schedule",
      startedAt: expect.any(String),
      finishedAt: completedAt.toISOString(),
      heartbeatAt: completedAt.toISOString(),
      stale: false,
      pages: 2,
      checked: 150,
      created: 1,
      repaired: 3,
      errorMessage: null,
    });

    const missing = await expectProblem(
      await viewer.request.get(`${PORTAL_URL}/api/admin/operations/${randomUUID()}`),
      404,
      "not-found",
    );
    expect(missing.detail).toMatch(/no operation with this id/);

    const unknownParameter = await expectProblem(
      await viewer.request.get(`${PORTAL_URL}/api/admin/reconciliation?since=yesterday`),
      400,
      "validation-failed",
    );
    expect(unknownParameter.errors).toEqual([
      {
        in: "query",
        parameter: "since",
        detail: "Unknown parameter: this endpoint takes no query parameters. Remove it.",
      },
    ]);

    const unexpectedBody = await expectProblem(
      await viewer.request.get(`${PORTAL_URL}/api/admin/operations/${operationId}`, { data: { status: "Succeeded" } }),
      400,
      "validation-failed",
    );
    expect(unexpectedBody.errors).toEqual([
      { in: "body", pointer: "#", detail: "This endpoint takes no body. Send none." },
    ]);
  } finally {
    await query(`DELETE FROM "ReconciliationRun" WHERE id = $1`, [runId]);
    await query(`DELETE FROM "Subscription" WHERE id = $1`, [subscriptionId]);
  }
});

test("health and readiness keep their bodies and ignore a monitor's own parameters", async ({ request }) => {
  const health = await request.get("/api/health?cachebust=123");
  expect(health.status()).toBe(200);
  expect(health.headers()["cache-control"]).toBe("no-store");
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/ready?cachebust=123");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
});
