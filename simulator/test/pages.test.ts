// Browser pages on the http port: Marketplace purchase redirect, subscriptions actions, faults, webhook log.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ackWindowMs: 100 });
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
});

const page = async (path: string): Promise<{ status: number; html: string }> => {
  const res = await fetch(`${h.sim.httpUrl}${path}`);
  return { status: res.status, html: await res.text() };
};
const submit = async (path: string, fields: Record<string, string>): Promise<Response> =>
  fetch(`${h.sim.httpUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });

describe("pages", () => {
  it.each([
    ["/", "Overview"],
    ["/marketplace", "Marketplace"],
    ["/subscriptions", "Subscriptions"],
    ["/faults", "Faults"],
    ["/webhooks", "Webhook log"],
  ])("%s renders an accessible page", async (path, title) => {
    const { status, html } = await page(path);
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain('<nav aria-label="Simulator pages">');
    for (const id of [...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1])) expect(html).toContain(`id="${id}"`);
  });

  it("buys from the Marketplace page and redirects the browser to the landing URL with the token", async () => {
    const res = await submit("/marketplace/buy", {
      personaId: "alice",
      plan: "fabrikam-cloud/pro-seats",
      quantity: "7",
      termUnit: "P1Y",
      name: "From the page",
    });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe("http://localhost:3000/");
    const token = location.searchParams.get("token") ?? "";
    const resolved = await h.api("POST", "/saas/subscriptions/resolve", {
      headers: { "x-ms-marketplace-token": token },
    });
    expect(resolved.json()).toMatchObject({
      planId: "pro-seats",
      quantity: 7,
      subscriptionName: "From the page",
      subscription: { term: { termUnit: "P1Y" } },
    });
  });

  it("supports CSP and test purchases and reports errors on the page", async () => {
    await submit("/marketplace/buy", {
      personaId: "alice",
      cspPartnerPersonaId: "carol",
      plan: "fabrikam-cloud/basic",
      isTest: "1",
      stay: "1",
    });
    const state = await h.control<{ subscriptions: Array<{ isTest: boolean; purchaser: { emailId: string } }> }>(
      "GET",
      "/state",
    );
    expect(state.body.subscriptions[0]).toMatchObject({
      isTest: true,
      purchaser: { emailId: "carol@northwind.example" },
    });
    const refused = await submit("/marketplace/buy", { personaId: "bob", plan: "fabrikam-cloud/private-contoso" });
    const back = new URL(refused.headers.get("location") ?? "", h.sim.httpUrl);
    expect(back.pathname).toBe("/marketplace");
    const { html } = await page(`${back.pathname}${back.search}`);
    expect(html).toContain('role="alert"');
    expect(html).toContain("is not offered to tenant");
  });

  it("lists subscriptions (escaped) and triggers customer events from their buttons", async () => {
    const bought = await h.purchase({
      personaId: "alice",
      offerId: "fabrikam-cloud",
      planId: "basic",
      name: "<script>alert(1)</script>",
    });
    await h.api("POST", `/saas/subscriptions/${bought.subscriptionId}/activate`, { body: { planId: "basic" } });
    const { html } = await page("/subscriptions");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain(`action="/subscriptions/${bought.subscriptionId}/suspend"`);
    const suspended = await submit(`/subscriptions/${bought.subscriptionId}/suspend`, {});
    expect(suspended.status).toBe(303);
    expect((await h.api("GET", `/saas/subscriptions/${bought.subscriptionId}`)).json().saasSubscriptionStatus).toBe(
      "Suspended",
    );
    const landing = await submit(`/subscriptions/${bought.subscriptionId}/landing`, {});
    expect(landing.headers.get("location")).toMatch(/^http:\/\/localhost:3000\/\?token=/);
    const invalid = await submit(`/subscriptions/${bought.subscriptionId}/suspend`, {});
    expect(decodeURIComponent(invalid.headers.get("location") ?? "")).toContain("error=Subscription is Suspended");
  });

  it("adds and clears faults from the Faults page, and shows deliveries in the webhook log", async () => {
    await submit("/faults/endpoint", {
      endpoint: "get",
      kind: "throttle",
      count: "2",
      retryAfterSeconds: "4",
      hangMs: "0",
    });
    expect((await page("/faults")).html).toContain("429, Retry-After 4s");
    const res = await h.api("GET", "/saas/subscriptions/00000000-0000-4000-8000-000000000000");
    expect(res.status).toBe(429);
    await submit("/faults/clear", {});
    expect((await page("/faults")).html).toContain("None. Every call answers normally.");
    await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "auto" });
    await h.hooks.waitFor(1);
    expect((await page("/webhooks")).html).toContain("Subscribe");
  });
});
