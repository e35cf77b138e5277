import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser } from "@playwright/test";
import { LOCALES } from "../lib/i18n/locales";
import { activatedForNewBuyer, selfServiceForActivator } from "./support/account-purchase";
import { signInAs } from "./support/sign-in";
import { PORTAL_URL } from "./test-env";

/**
 * The account's own language: Kenji's Entra account prefers Japanese (the simulator's ID token carries the
 * optional claim xms_pl: ja-JP) while his browser says en-US. Order: cookie → xms_pl → xms_tpl → browser.
 */

async function signedInWithBrowserLanguage(browser: Browser, persona: string, cookieLocale?: string) {
  const context = await browser.newContext({ locale: "en-US" });
  if (cookieLocale) await context.addCookies([{ name: "NEXT_LOCALE", value: cookieLocale, url: PORTAL_URL }]);
  const page = await context.newPage();
  await page.goto(`${PORTAL_URL}/signin?callbackUrl=${encodeURIComponent("/account")}`);
  await signInAs(page, persona, cookieLocale === "fr" ? "Se connecter avec Microsoft" : undefined);
  await page.waitForURL(`${PORTAL_URL}/account`);
  return page;
}

test("a buyer whose Microsoft account prefers Japanese reads /account in Japanese, though the browser says en-US", async ({
  browser,
}) => {
  const page = await signedInWithBrowserLanguage(browser, "Kenji Kato");
  await expect(page.getByRole("heading", { level: 1, name: "ご利用のサブスクリプション" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
});

test("without the claim the browser decides, and the switcher's cookie wins over the account's language", async ({
  browser,
}) => {
  const alice = await signedInWithBrowserLanguage(browser, "Alice Anders");
  await expect(alice.getByRole("heading", { level: 1, name: "Your subscriptions" })).toBeVisible();
  const kenji = await signedInWithBrowserLanguage(browser, "Kenji Kato", "fr");
  await expect(kenji.getByRole("heading", { level: 1, name: "Vos abonnements" })).toBeVisible();
});

test("/account and a subscription page in all six languages: the page's language is set and axe finds nothing", async ({
  browser,
}) => {
  await selfServiceForActivator();
  const { page, subscriptionId } = await activatedForNewBuyer(browser);
  const violations: string[] = [];
  for (const locale of LOCALES) {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: locale, url: PORTAL_URL }]);
    for (const path of ["/account", `/account/subscriptions/${subscriptionId}`]) {
      await page.goto(`${PORTAL_URL}${path}`);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      violations.push(...results.violations.map((v) => `${locale} ${path}: ${v.id} (${v.nodes.length})`));
    }
    // The change forms are there in every language (client components get the account namespace).
    await expect(page.getByRole("spinbutton")).toBeVisible();
  }
  expect(violations).toEqual([]);
});
