import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { portalDb } from "./support/portal-db";
import { signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL } from "./test-env";

const onPortal = (landingUrl: string) => landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL);

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

/** Picks a language in the header's switcher with the keyboard only: focus, open, Tab to it, Enter. */
async function switchLanguageByKeyboard(page: Page, name: string) {
  await page.locator("header summary").focus();
  await page.keyboard.press("Enter");
  const options = page.locator("header form button");
  const names = await options.allTextContents();
  for (let i = 0; i <= names.indexOf(name); i++) await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name, exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
}

test.describe("a German-speaking buyer (browser locale de-DE)", () => {
  test.use({ locale: "de-DE" });

  test("sees the landing and confirm pages in German with euro prices; the switcher goes to 繁體中文 and back", async ({
    page,
  }) => {
    const purchase = await sim.purchase({
      personaId: "alice",
      offerId: "fabrikam-europe",
      planId: "business-eur",
      quantity: 3,
    });
    await page.goto(onPortal(purchase.landingUrl));
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(
      page.getByRole("heading", { name: "Melden Sie sich an, um Ihr Abonnement einzurichten" }),
    ).toBeVisible();
    await expect(page).toHaveTitle("Abonnement einrichten · Marketplace-Portal");
    expect(await axeViolations(page)).toEqual([]);

    await signInAs(page, "Alice Anders", "Mit Microsoft anmelden");
    await expect(page.getByRole("heading", { name: "Abonnement bestätigen" })).toBeVisible();
    const details = page.getByRole("region", { name: "Abonnementdetails" });
    // Microsoft's euro price, formatted the German way (no-break space before €), never converted.
    await expect(details).toContainText("1.234,56\u00a0€ pro Lizenz / Jahr");
    await expect(details).toContainText("3 Lizenzen");
    await expect(page.getByLabel(/Unternehmen oder Organisation/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Bestätigen und Abonnement starten" })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    await page.locator("header summary").click();
    await page.getByRole("button", { name: "繁體中文" }).click();
    await expect(page.getByRole("heading", { name: "確認您的訂閱" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
    await expect(page.getByRole("region", { name: "訂閱詳細資料" })).toContainText("€1,234.56 每個授權 / 年");
    expect(await axeViolations(page)).toEqual([]);

    await switchLanguageByKeyboard(page, "Deutsch");
    await expect(page.getByRole("heading", { name: "Abonnement bestätigen" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    // Nothing was confirmed on the way.
    expect((await sim.subscription(purchase.subscriptionId)).saasSubscriptionStatus).toBe("PendingFulfillmentStart");
  });
});

test.describe("a buyer reading Traditional Chinese (browser locale zh-TW)", () => {
  test.use({ locale: "zh-TW" });

  test("completes the activation", async ({ page }) => {
    const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 12 });
    await page.goto(onPortal(purchase.landingUrl));
    await expect(page.getByRole("heading", { name: "登入以設定您的訂閱" })).toBeVisible();
    await signInAs(page, "Alice Anders", "使用 Microsoft 登入");
    await expect(page.getByRole("heading", { name: "確認您的訂閱" })).toBeVisible();
    const details = page.getByRole("region", { name: "訂閱詳細資料" });
    await expect(details).toContainText("$12.00 每個授權 / 月");
    await expect(details).toContainText("12 個授權");
    await page.getByLabel(/公司或組織/).fill("Contoso 有限公司");
    await page.getByRole("button", { name: "確認並開始我的訂閱" }).click();

    await expect(page.getByRole("heading", { name: "歡迎加入" })).toBeVisible();
    await expect(page).toHaveTitle("訂閱已啟用 · Marketplace 入口網站");
    await expect(page.getByText("12 個授權")).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    expect((await sim.subscription(purchase.subscriptionId)).saasSubscriptionStatus).toBe("Subscribed");
    expect(await portalDb.subscription(purchase.subscriptionId)).toMatchObject({
      status: "Subscribed",
      buyerDetails: { companyName: "Contoso 有限公司" },
    });
  });
});

test("axe finds nothing on the landing and confirm pages in any shipped language", async ({ page, context }) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 7 });
  await page.goto(onPortal(purchase.landingUrl));
  await signInAs(page, "Alice Anders");
  await expect(page.getByRole("region", { name: "Subscription details" })).toBeVisible();
  for (const locale of ["en", "de", "zh-TW", "ja", "fr", "es"]) {
    await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: PORTAL_URL }]);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    expect(await axeViolations(page), `${locale} confirm page`).toEqual([]);
    await page.goto(`${PORTAL_URL}/`);
    expect(await axeViolations(page), `${locale} home page`).toEqual([]);
    await page.goBack();
  }
});

test.describe("a browser without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "en-US" });

  test("switches the language all the same: the switcher is a disclosure and a plain form", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.locator("header summary").click();
    await page.getByRole("button", { name: "Deutsch", exact: true }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page).toHaveURL(`${PORTAL_URL}/`);
  });
});
