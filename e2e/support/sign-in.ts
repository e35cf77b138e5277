import { expect, type Browser, type Page } from "@playwright/test";
import { PORTAL_URL } from "../test-env";

/**
 * Signs in through the simulator's Entra sign-in page, picking a persona by its display name. `button` is the
 * portal's sign-in button as the page's language words it.
 */
export async function signInAs(page: Page, personaName: string, button = "Sign in with Microsoft") {
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByRole("button", { name: new RegExp(personaName) }).click();
}

/** A new browser context (its own cookies) signed in as the persona, on the portal page given. */
export async function signedInPage(browser: Browser, personaName: string, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${PORTAL_URL}/signin?callbackUrl=${encodeURIComponent(path)}`);
  await signInAs(page, personaName);
  await page.waitForURL(`${PORTAL_URL}${path}`);
  return page;
}
