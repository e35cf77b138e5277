import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL } from "./test-env";

// The Content-Security-Policy, through the real server: Next.js must put each request's nonce on its own
// scripts, and every journey must still run (hydration, client components, server actions) with nothing
// refused by the browser.

const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

test("pages carry a nonce-based policy, a fresh nonce on every script of every response; no HSTS over local http", async ({
  request,
}) => {
  const nonces: string[] = [];
  for (const path of ["/", "/signin", "/admin/people"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const csp = response.headers()["content-security-policy"]!;
    expect(csp, path).toMatch(/(^|; )default-src 'self'(;|$)/);
    expect(csp, path).toMatch(/(^|; )script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    expect(csp, path).toMatch(/(^|; )form-action 'self'(;|$)/);
    expect(csp, path).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(csp, path).not.toMatch(/localhost|127\.0\.0\.1/);
    // Local mode is plain http: HSTS is for production (proven by the proxy's unit test).
    expect(response.headers()["strict-transport-security"], path).toBeUndefined();
    const nonce = nonceOf(csp)!;
    nonces.push(nonce);
    if (response.status() !== 200) continue; // /admin/people redirects a signed-out visitor
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  expect(new Set(nonces).size).toBe(nonces.length);
});

/** A browser context that records every CSP violation its pages report (event and console). */
async function watchedContext(context: BrowserContext): Promise<{ violations: () => Promise<string[]>; page: Page }> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} @ ${location.pathname}`),
    );
  });
  const consoleViolations: string[] = [];
  context.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|send form)/i.test(m.text()))
      consoleViolations.push(m.text());
  });
  const page = await context.newPage();
  return {
    page,
    violations: async () => [
      ...consoleViolations,
      ...(
        await Promise.all(
          context
            .pages()
            .map((p) => p.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => [])),
        )
      ).flat(),
    ],
  };
}

test("the landing, sign-in and admin journeys run under the policy without a single violation", async ({ browser }) => {
  test.setTimeout(120_000);
  // Buyer: landing page → sign-in (a client component: it runs only if its script was allowed) → confirm (a server action).
  const buyer = await watchedContext(await browser.newContext());
  const { landingUrl, subscriptionId } = await sim.purchase({ personaId: "alice", planId: "basic" });
  await buyer.page.goto(landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await signInAs(buyer.page, "Alice Anders");
  await buyer.page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(buyer.page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  expect(await buyer.violations()).toEqual([]);

  // Staff: every admin page, signed in through the sign-in page.
  const owner = await watchedContext(await browser.newContext());
  await owner.page.goto(`${PORTAL_URL}/signin?callbackUrl=${encodeURIComponent("/admin")}`);
  await signInAs(owner.page, "Olivia Owens");
  await owner.page.waitForURL(`${PORTAL_URL}/admin`);
  for (const [path, heading] of [
    ["/admin", "Overview"],
    ["/admin/subscriptions", "Subscriptions"],
    [`/admin/subscriptions/${subscriptionId}`, undefined],
    ["/admin/webhooks", "Webhook inbox"],
    ["/admin/reconciliation", "Reconciliation"],
    ["/admin/people", "People"],
  ] as const) {
    await owner.page.goto(`${PORTAL_URL}${path}`);
    if (heading) await expect(owner.page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    else await expect(owner.page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // Client-side navigation (scripts running): a link click that the router handles.
  await owner.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(owner.page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  expect(await owner.violations()).toEqual([]);

  // The watch itself works: an inline event handler (what injected markup would carry) is refused, and reported.
  await owner.page.evaluate(() => {
    const canary = document.createElement("button");
    canary.id = "csp-canary";
    canary.textContent = "canary";
    canary.setAttribute("onclick", "document.title = 'inline handler ran'");
    document.body.append(canary);
  });
  await owner.page.click("#csp-canary");
  await expect.poll(owner.violations).toContain("script-src-attr inline @ /admin");
  expect(await owner.page.title()).not.toBe("inline handler ran");
});
