import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { insertSubscriptions, type ListRow } from "./support/list-subscriptions";
import { signedInPage } from "./support/sign-in";
import { PORTAL_URL } from "./test-env";

/** Every row of this journey carries the marker in its name, so other journeys' subscriptions never interfere. */
const marker = `listjourney${Date.now().toString(36)}`;
const FORMULA_NAME = `=HYPERLINK("http://evil.example","${marker}")`;

test.beforeAll(async () => {
  const t0 = Date.now();
  const rows: ListRow[] = [
    ...Array.from({ length: 23 }, (_, i) => ({
      name: `${marker} customer ${String(i + 1).padStart(2, "0")}`,
      purchasedAt: new Date(t0 - i * 60_000),
    })),
    ...Array.from({ length: 5 }, (_, i) => ({ name: `${marker} suspended ${i + 1}`, status: "Suspended" })),
    // The same plan id in two offers: a filter on one must never show the other.
    { name: `${marker} cloud basic`, planId: "basic", quantity: null },
    { name: FORMULA_NAME, offerId: "fabrikam-analytics", planId: "basic", quantity: null, csp: true },
  ];
  await insertSubscriptions(rows);
});

/** Clicks and waits for the next document: without JavaScript every click is a full page load. */
async function follow(page: Page, click: () => Promise<void>) {
  const before = page.url();
  await click();
  await page.waitForURL((url) => url.href !== before);
}

const names = (page: Page) => page.getByRole("table").locator("tbody tr td:first-child a").allTextContents();
const matches = (page: Page) => page.getByRole("status").filter({ hasText: /subscriptions? match/ });

test("a viewer searches, filters, sorts, pages and exports the subscription list, without JavaScript", async ({
  browser,
}) => {
  const viewer = await signedInPage(browser, "Victor Vance", "/admin/subscriptions");
  expect((await new AxeBuilder({ page: viewer }).analyze()).violations.map((v) => v.id)).toEqual([]);
  // The same session in a browser with JavaScript off: everything below is links and GET forms.
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await viewer.context().storageState(),
    baseURL: PORTAL_URL,
  });
  const page = await context.newPage();
  await page.goto("/admin/subscriptions");

  await page.getByRole("searchbox", { name: "Search" }).fill(marker.toUpperCase());
  await follow(page, () => page.getByRole("button", { name: "Apply" }).click());
  await expect(page).toHaveURL(new RegExp(`q=${marker}`, "i"));
  await expect(matches(page)).toHaveText("30 subscriptions match");
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(25);

  await page.getByLabel("Status", { exact: true }).selectOption("Suspended");
  await follow(page, () => page.getByRole("button", { name: "Apply" }).click());
  await expect(matches(page)).toHaveText("5 subscriptions match");
  expect(await names(page)).toEqual(expect.arrayContaining([`${marker} suspended 1`, `${marker} suspended 5`]));

  await page.getByLabel("Status", { exact: true }).selectOption("");
  await page.getByLabel("Plan", { exact: true }).selectOption("fabrikam-analytics/basic");
  await follow(page, () => page.getByRole("button", { name: "Apply" }).click());
  expect(await names(page)).toEqual([FORMULA_NAME]);
  await page.getByLabel("Plan", { exact: true }).selectOption("fabrikam-cloud/basic");
  await follow(page, () => page.getByRole("button", { name: "Apply" }).click());
  expect(await names(page)).toEqual([`${marker} cloud basic`]);

  // All of them, ten per page, by name: three pages, every row once, in order; back works too.
  await page.getByLabel("Plan", { exact: true }).selectOption("");
  await page.getByLabel("Per page", { exact: true }).selectOption("10");
  await follow(page, () => page.getByRole("button", { name: "Apply" }).click());
  await follow(page, () =>
    page
      .getByRole("columnheader", { name: /Subscription/ })
      .getByRole("link")
      .click(),
  );
  await expect(page.getByRole("columnheader", { name: /Subscription/ })).toHaveAttribute("aria-sort", "ascending");
  const pages: string[][] = [await names(page)];
  const pager = page.getByRole("navigation", { name: "Pages" });
  while (await pager.getByRole("link", { name: "Next →" }).count()) {
    await follow(page, () => pager.getByRole("link", { name: "Next →" }).click());
    pages.push(await names(page));
  }
  expect(pages.map((p) => p.length)).toEqual([10, 10, 10]);
  const all = pages.flat();
  expect(new Set(all).size).toBe(30);
  expect(all).toEqual([...all].sort((a, b) => (a < b ? -1 : 1)));
  await follow(page, () => pager.getByRole("link", { name: "← Previous" }).click());
  expect(await names(page)).toEqual(pages[1]);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export these as CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^subscriptions-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const lines = csv.split("\r\n").filter(Boolean);
  expect(lines[0]).toMatch(/^id,name,status,offerId,planId,/);
  expect(lines).toHaveLength(31);
  // The buyer-chosen name that would run as a formula stays text.
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""${marker}"")"`);
  await context.close();
});

test("a viewer sees the overview's figures, with and without test purchases", async ({ browser }) => {
  const page = await signedInPage(browser, "Victor Vance", "/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const byStatus = page.getByRole("region", { name: "Subscriptions by status" });
  await expect(byStatus.getByRole("table")).toContainText("Suspended");
  await expect(page.getByRole("region", { name: /New purchases per day/ }).getByRole("img")).toHaveAttribute(
    "aria-label",
    /in total/,
  );
  await expect(page.getByRole("region", { name: /Estimated monthly revenue/ })).toContainText(
    "fabrikam-cloud / pro-seats",
  );
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  await page.getByRole("link", { name: "Include them" }).click();
  await expect(page).toHaveURL(/\/admin\?test=include$/);
  await expect(page.getByText("Test purchases are included.")).toBeVisible();
});

test("a buyer is refused the admin pages and the export; a signed-out caller gets 401", async ({
  browser,
  request,
}) => {
  const page = await signedInPage(browser, "Alice Anders", "/admin");
  await expect(page.getByRole("heading", { name: "No access to the admin dashboard" })).toBeVisible();
  await page.goto("/admin/subscriptions");
  await expect(page.getByRole("heading", { name: "No access to the admin dashboard" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  const refused = await page.request.get("/admin/subscriptions/export");
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  expect(await refused.text()).not.toContain(marker);
  const anonymous = await request.get("/admin/subscriptions/export?q=alice");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["content-type"]).toContain("application/problem+json");
  expect(await anonymous.json()).toMatchObject({ status: 401, title: "Authentication required" });
});
