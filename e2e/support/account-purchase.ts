import { expect, type Browser, type Page } from "@playwright/test";
import { PORTAL_URL } from "../test-env";
import { query } from "./portal-db";
import { sim } from "./simulator";

export type ActivatedPurchase = {
  page: Page;
  subscriptionId: string;
  subscriptionName: string;
  email: string;
  /** The display name the simulator's Entra gives the ad-hoc user (from the e-mail's local part). */
  personName: string;
};

/** Buyer self-service on, for the person who activated (as e2e/buyer-self-service.spec.ts sets it). */
export async function selfServiceForActivator() {
  for (const [key, value] of [
    ["buyerSelfService", true],
    ["buyerSelfServiceActors", "activator"],
  ] as const)
    await query(
      `INSERT INTO "PortalSetting" ("key", "value", "updatedAt") VALUES ($1, $2::jsonb, now())
       ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value"`,
      [key, JSON.stringify(value)],
    );
}

/**
 * A new Contoso buyer (an ad-hoc user of the simulator's Entra, so /account lists only this subscription)
 * buys 10 seats of the per-seat plan and confirms it on the landing page, in English.
 */
export async function activatedForNewBuyer(browser: Browser): Promise<ActivatedPurchase> {
  const suffix = Date.now().toString(36);
  const email = `xa.${suffix}@contoso.example`;
  const subscriptionName = `Team ${suffix}`;
  const purchase = await sim.purchase({ personaId: email, planId: "pro-seats", quantity: 10, name: subscriptionName });
  const page = await (await browser.newContext({ locale: "en-US" })).newPage();
  await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.getByLabel("E-mail address").fill(email);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const company = page.getByLabel(/Company or organization/);
  await expect(page.getByRole("button", { name: "Confirm and start my subscription" })).toBeVisible();
  if (await company.count()) await company.fill("Contoso Ltd");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible({ timeout: 30_000 });
  return {
    page,
    subscriptionId: purchase.subscriptionId,
    subscriptionName,
    email,
    personName: `Xa ${suffix.charAt(0).toUpperCase()}${suffix.slice(1)}`,
  };
}
