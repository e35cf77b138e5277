import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { query } from "./support/portal-db";
import { signedInPage } from "./support/sign-in";
import { PORTAL_URL } from "./test-env";

// The webhook inbox as a list (the admin list kit): filters, count and pages by link, without JavaScript.
// Deliveries are put straight into the portal's database (how they arrive is webhooks.spec.ts's business),
// all of one new subscription so that other journeys' deliveries never interfere.
const subscriptionId = randomUUID();

test.beforeAll(async () => {
  const t0 = Date.now();
  for (let i = 0; i < 30; i++) {
    const operationId = randomUUID();
    const status = i < 3 ? "Failed" : "Applied";
    await query(
      `INSERT INTO "WebhookDelivery" (id, "operationId", "subscriptionId", action, payload, "receivedAt", "lastAttemptAt", status, outcome, attention)
       VALUES (gen_random_uuid(), $1, $2, $3, $4::jsonb, ($5::timestamptz AT TIME ZONE 'UTC'), now(), $6::"DeliveryStatus", $7, $8)`,
      [
        operationId,
        subscriptionId,
        `Action${String(i).padStart(2, "0")}`,
        JSON.stringify({ id: operationId }),
        new Date(t0 - i * 60_000).toISOString(),
        status,
        `outcome ${i}`,
        i === 29 ? "an undocumented action" : null,
      ],
    );
  }
});

const actions = (page: Page) =>
  page.getByRole("table").locator("tbody tr td:nth-child(2) span.font-medium").allTextContents();
const count = (page: Page) => page.getByRole("status").filter({ hasText: /deliver(y|ies) match/ });

/** Clicks and waits for the next document: without JavaScript every click is a full page load. */
async function follow(page: Page, click: () => Promise<void>) {
  const before = page.url();
  await click();
  await page.waitForURL((url) => url.href !== before);
}

test("a viewer filters the webhook inbox by subscription and status, and pages through it, without JavaScript", async ({
  browser,
}) => {
  const viewer = await signedInPage(browser, "Victor Vance", `/admin/webhooks?subscription=${subscriptionId}`);
  expect((await new AxeBuilder({ page: viewer }).analyze()).violations.map((v) => v.id)).toEqual([]);
  // The same session in a browser with JavaScript off: everything below is links and GET forms.
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await viewer.context().storageState(),
    baseURL: PORTAL_URL,
  });
  const page = await context.newPage();
  await page.goto("/admin/webhooks");

  await page.getByRole("textbox", { name: "Subscription id" }).fill(subscriptionId);
  await follow(page, () => page.getByRole("button", { name: "Show" }).click());
  await expect(count(page)).toHaveText("30 deliveries match");
  expect(await actions(page)).toEqual(Array.from({ length: 25 }, (_, i) => `Action${String(i).padStart(2, "0")}`));

  // Older, then back to the newest: every delivery once, newest first.
  const pager = page.getByRole("navigation", { name: "Pages" });
  await follow(page, () => pager.getByRole("link", { name: "Older" }).click());
  expect(await actions(page)).toEqual(["Action25", "Action26", "Action27", "Action28", "Action29"]);
  await expect(count(page)).toHaveText("30 deliveries match");
  await follow(page, () => pager.getByRole("link", { name: "Newest" }).click());
  expect(await actions(page)).toHaveLength(25);

  // A status link keeps the subscription and starts from the newest; the form keeps the status.
  await follow(page, () => page.getByRole("link", { name: /^Failed \(\d+\)$/ }).click());
  await expect(page).toHaveURL(new RegExp(`status=Failed&subscription=${subscriptionId}$`));
  await expect(count(page)).toHaveText("3 deliveries match");
  expect(await actions(page)).toEqual(["Action00", "Action01", "Action02"]);
  await expect(pager).toHaveCount(0);
  // The id pasted with spaces around it (a new address, the same list).
  await page.getByRole("textbox", { name: "Subscription id" }).fill(` ${subscriptionId} `);
  await follow(page, () => page.getByRole("button", { name: "Show" }).click());
  await expect(page.getByRole("link", { name: /^Failed/ })).toHaveAttribute("aria-current", "page");
  await expect(count(page)).toHaveText("3 deliveries match");

  await follow(page, () => page.getByRole("link", { name: /^Needs attention \(\d+\)$/ }).click());
  await expect(page.getByRole("link", { name: /^Needs attention/ })).toHaveAttribute("aria-current", "page");
  expect(await actions(page)).toEqual(["Action29"]);
  await expect(count(page)).toHaveText("1 delivery matches");
  await context.close();
});

test("an edited inbox link: each unusable parameter is ignored with a notice, the rest still applies", async ({
  browser,
}) => {
  const page = await signedInPage(
    browser,
    "Victor Vance",
    `/admin/webhooks?status=Bogus&cursor=not-a-page&subscription=${subscriptionId}`,
  );
  await expect(page.getByText("Ignored the status filter: “Bogus” is not a valid value.")).toBeVisible();
  await expect(page.getByText("The page link is not valid: showing the newest deliveries.")).toBeVisible();
  await expect(count(page)).toHaveText("30 deliveries match");
  await expect(page.getByRole("link", { name: /^All \(\d+\)$/ })).toHaveAttribute("aria-current", "page");
});

test("a repeated inbox parameter is redirected to one clean value each, the 'Needs attention' filter kept", async ({
  browser,
}) => {
  const page = await signedInPage(browser, "Victor Vance", "/admin/webhooks");
  const answer = await page.request.get(`/admin/webhooks?attention=1&attention=1&subscription=${subscriptionId}`, {
    maxRedirects: 0,
  });
  expect(answer.status()).toBe(307);
  expect(answer.headers()["location"]).toBe(`/admin/webhooks?attention=1&subscription=${subscriptionId}`);
});
