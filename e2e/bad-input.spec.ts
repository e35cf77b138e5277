import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signedInPage, signInAs } from "./support/sign-in";
import { PORTAL_LOG, PORTAL_URL } from "./test-env";

// Malformed or hostile query strings, through the real server: each gets a working page, a redirect to
// one, or a clear 4xx — never a 500 — and is logged by the portal's logger with the request's id, never
// by Next.js's own error print (which writes whatever the error holds, unscrubbed).

const cursor = (sort: string, dir: string, value: unknown) =>
  Buffer.from(JSON.stringify([sort, dir, value, "x"])).toString("base64url");

let logStart = 0;
test.beforeEach(() => {
  logStart = fs.existsSync(PORTAL_LOG) ? fs.statSync(PORTAL_LOG).size : 0;
});
test.afterEach(() => {
  // Next.js prints an error it caught (a page that threw) as " ⨯ …": none may appear during these requests.
  const printed = fs.readFileSync(PORTAL_LOG, "utf8").slice(logStart);
  expect(printed.split("\n").filter((l) => l.includes("⨯"))).toEqual([]);
});

let id = 0;
/** GET without following redirects, with a request id to find its log lines by. */
async function get(request: APIRequestContext, path: string) {
  const requestId = `e2e-bad-input-${Date.now()}-${++id}`;
  const response = await request.get(path, { headers: { "x-request-id": requestId }, maxRedirects: 0 });
  return {
    status: response.status(),
    location: response.headers()["location"],
    body: await response.text(),
    requestId,
  };
}

function logged(requestId: string): string[] {
  return fs
    .readFileSync(PORTAL_LOG, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{") && l.includes(requestId))
    .map((l) => String((JSON.parse(l) as { msg: string }).msg));
}

test("the sign-in page answers any error code and a repeated callbackUrl without a 500", async ({ request }) => {
  for (const code of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
    const answer = await get(request, `/signin?error=${code}`);
    expect(answer.status, code).toBe(200);
    expect(answer.body).toContain("Sign-in did not work. Try again.");
  }
  const repeated = await get(request, "/signin?callbackUrl=/admin&callbackUrl=/admin/people");
  expect(repeated.status).toBe(307);
  expect(repeated.location).toBe("/signin?callbackUrl=%2Fadmin");
  await expect
    .poll(() => logged(repeated.requestId))
    .toContain("query parameters corrected: redirected to one clean value each");
});

test("a callbackUrl leading off the portal (//host/x) sends sign-in home, logged, instead of a 500", async ({
  request,
  page,
}) => {
  const signin = await get(request, "/api/auth/signin?callbackUrl=//evil.example/x");
  expect(signin.status).toBe(302);
  expect(signin.location).not.toContain("evil.example");
  await expect.poll(() => logged(signin.requestId)).toContain("sign-in redirect refused: going to the home page");
  // Through the sign-in page and Microsoft's (the simulator's) sign-in: back on the portal's home page.
  await page.goto("/signin?callbackUrl=//evil.example/x");
  await signInAs(page, "Alice Anders");
  await page.waitForURL((url) => url.origin === PORTAL_URL && url.pathname === "/");
});

test("admin pages: repeated parameters, control characters and edited list cursors get a working page", async ({
  browser,
}) => {
  const owner = await signedInPage(browser, "Olivia Owens", "/admin/people");
  const request = owner.request;

  // Repeated parameters and NUL bytes: redirected to the same page with one clean value each, and logged.
  for (const [path, to] of [
    ["/admin/people?q=a&q=b", "/admin/people?q=a"],
    ["/admin/people?q=a%00b", "/admin/people?q=ab"],
    ["/admin/subscriptions?status=Subscribed&status=Suspended&q=x", "/admin/subscriptions?q=x&status=Subscribed"],
    ["/admin/subscriptions?q=a%00b", "/admin/subscriptions?q=ab"],
    ["/admin/webhooks?status=Failed&status=Applied", "/admin/webhooks?status=Failed"],
    ["/admin/webhooks?subscription=a%00b", "/admin/webhooks?subscription=ab"],
    ["/admin/reconciliation?run=a&run=b", "/admin/reconciliation?run=a"],
  ]) {
    const answer = await get(request, path!);
    expect(answer.status, path).toBe(307);
    expect(answer.location, path).toBe(to);
    await expect
      .poll(() => logged(answer.requestId), path)
      .toContain("query parameters corrected: redirected to one clean value each");
    expect((await get(request, to!)).status, to).toBe(200);
  }

  // A list cursor that would fail the query (a date PostgreSQL refuses, seats beyond a 32-bit integer, a NUL
  // in a name): the first page, with a notice.
  for (const [sort, dir, value] of [
    ["purchased", "desc", "1"],
    ["created", "desc", "2024-02-30T00:00:00.000Z"],
    ["seats", "desc", 3_000_000_000],
    ["name", "asc", "a\u0000b"],
  ] as const) {
    await owner.goto(`/admin/subscriptions?sort=${sort}&dir=${dir}&after=${cursor(sort, dir, value)}`);
    await expect(owner.getByRole("heading", { name: "Subscriptions", level: 1 })).toBeVisible();
    await expect(owner.getByText("The page link no longer matches this sort: showing the first page.")).toBeVisible();
  }
});
